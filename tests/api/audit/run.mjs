// Run graphql-http's server audits (GraphQL-over-HTTP spec) against a conflict-kg server.
// Usage: node tests/api/audit/run.mjs http://127.0.0.1:8000/graphql
// Prints one JSON object: {"ok": [...], "warn": [...], "error": [...]}; exits 1 if any MUST fails.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node run.mjs <graphql url>');
  process.exit(2);
}
const results = { ok: [], warn: [], error: [] };
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  const entry = { id: audit.id, name: audit.name };
  if (result.status !== 'ok') entry.reason = result.reason;
  results[result.status].push(entry);
}
console.log(JSON.stringify(results, null, 2));
process.exit(results.error.length ? 1 : 0);
