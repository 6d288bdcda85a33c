"""Strawberry's ASGI GraphQL view, wired to our request context.

* the context is a :class:`api.context.RequestContext` (loaders, query log, auth);
* mutations need ``Authorization: Bearer <write token>`` (compared in constant time);
* ``X-CKG-Explain: 1`` (or ``?explain=1``) adds the SPARQL the request ran to the
  response's ``extensions.sparql``;
* errors we raise on purpose carry ``extensions.code``.
"""

from __future__ import annotations

import hmac
import re

from strawberry.asgi import GraphQL
from strawberry.http import process_result

from api.context import RequestContext
from kg.errors import CkgError

_BEARER = re.compile(r"Bearer\s+(\S+)\s*", re.IGNORECASE)


def _code(exc: Exception) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).upper()


class GraphQLView(GraphQL):
    def __init__(self, state, schema, **kw):
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True, **kw)
        self.state = state

    def _authorized(self, request) -> bool:
        token = self.state.settings.write_token
        if not token:
            return False
        m = _BEARER.fullmatch(request.headers.get("authorization", ""))
        return bool(m) and hmac.compare_digest(m.group(1).encode(), token.encode())

    async def get_context(self, request, response) -> RequestContext:
        explain = request.headers.get("x-ckg-explain", "").lower() in (
            "1",
            "true",
            "yes",
        ) or request.query_params.get("explain", "").lower() in ("1", "true", "yes")
        ctx = RequestContext(
            self.state,
            request=request,
            response=response,
            authorized=self._authorized(request),
            explain=explain,
        )
        request.state.ckg_context = ctx
        return ctx

    async def process_result(self, request, result):
        data = process_result(result)
        if result.errors:
            for error, shown in zip(result.errors, data.get("errors", []), strict=False):
                original = getattr(error, "original_error", None)
                if isinstance(original, CkgError):
                    shown.setdefault("extensions", {})["code"] = _code(original)
        ctx = getattr(request.state, "ckg_context", None)
        if ctx is not None and ctx.explain:
            data.setdefault("extensions", {})["sparql"] = ctx.explain_data()
        return data

    def encode_json(self, data) -> str:
        import json

        return json.dumps(data, ensure_ascii=False)
