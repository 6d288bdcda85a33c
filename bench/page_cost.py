"""What one GraphQL request costs the API in CPU, in process: the app over the benchmark's
on-disk store (opened read-only, indexes warmed as at startup), one of the benchmark's
GraphQL queries sent N times through ASGI — no HTTP server, no client, nothing else on
the clock.

    python -m bench.page_cost                                  # events page, 1M triples
    python -m bench.page_cost --query "actor search (Arabic substring)" --requests 500
    python -m bench.page_cost --callgrind --requests 10        # instructions per request

Prints the CPU milliseconds per request of each round. ``--callgrind`` runs the same under
valgrind's callgrind with instrumentation switched on (``callgrind_control``) for the timed
rounds only, and prints the instructions a request costs: a figure that does not move with
other work on the machine, where CPU time on this shared 2-core machine drifts by ±30%
from one minute to the next (it needs valgrind; ~30 s at 1M triples). The response
must be free of errors, or nothing is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time


async def _request(app, body: bytes) -> bytes:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    sent, chunks = False, []

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects

    async def send(message):
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return b"".join(chunks)


async def _rounds(app, body: bytes, requests: int, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(requests):
            await _request(app, body)
        out.append(round((time.process_time() - started) * 1000 / requests, 3))
    return out


def main(argv: list[str] | None = None) -> int:
    from bench.run import GRAPHQL, SIZES, build_store, query_params

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m", choices=sorted(SIZES))
    parser.add_argument("--query", default="events page (20, participants, places, evidence)", choices=list(GRAPHQL))
    parser.add_argument("--requests", type=int, default=300, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=30, help="requests before the timed rounds")
    parser.add_argument("--callgrind", action="store_true", help="count instructions under valgrind")
    parser.add_argument("--pause", action="store_true", help=argparse.SUPPRESS)  # see _under_callgrind
    args = parser.parse_args(argv)
    if args.callgrind:
        return _under_callgrind(args)

    from api.app import create_app
    from kg.config import Settings
    from kg.store import open_store

    directory, _info = build_store(SIZES[args.size])
    store = open_store(str(directory), read_only=True)
    params = query_params(store)
    values = {
        "GOV": params["events in a governorate, date range"]["gov"].value,
        "PLACE": params["place with within chain"]["place"].value,
    }
    query, variables = GRAPHQL[args.query]
    body = json.dumps({"query": query, "variables": {k: values.get(v, v) for k, v in variables.items()}}).encode()
    app = create_app(store, Settings(store=str(directory), log_level="warning"), read_only=True)
    app.state.ckg.warm()

    async def warm() -> bytes:
        for _ in range(max(args.warmup, 1)):
            answer = await _request(app, body)
        return answer

    answer = asyncio.run(warm())
    if b'"errors"' in answer or b'"data"' not in answer:
        print(f"the query did not answer cleanly: {answer[:400]!r}", file=sys.stderr)
        return 1
    _pause(args)
    result = asyncio.run(_rounds(app, body, args.requests, args.rounds))
    _pause(args)
    print(json.dumps({"query": args.query, "size": args.size, "cpu_ms_per_request": result}), flush=True)
    store.close()
    return 0


def _pause(args) -> None:
    """With --pause: say so on stdout and wait for a line on stdin (instrumentation switches)."""
    if args.pause:
        print("paused", flush=True)
        sys.stdin.readline()


def _under_callgrind(args) -> int:
    """Run this measurement under callgrind, instrumenting only its timed rounds, and print
    the instructions per request (valgrind's "Collected" count over the requests)."""
    import re
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={tmp}/callgrind.out",
            sys.executable,
            "-m",
            "bench.page_cost",
            "--pause",
            f"--size={args.size}",
            f"--query={args.query}",
            f"--requests={args.requests}",
            f"--rounds={args.rounds}",
            f"--warmup={args.warmup}",
        ]
        proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for switch in ("on", "off"):
            if proc.stdout.readline().strip() != "paused":
                proc.kill()
                print(proc.stderr.read()[-2000:], file=sys.stderr)
                return 1
            subprocess.run(["callgrind_control", "--instr=" + switch, str(proc.pid)], check=True, capture_output=True)
            proc.stdin.write("\n")
            proc.stdin.flush()
        answer, errors = proc.communicate()
    found = re.search(r"Collected : ([\d,]+)", errors)
    if proc.returncode or not found:
        print(errors[-2000:], file=sys.stderr)
        return 1
    requests = args.requests * args.rounds
    instructions = int(found.group(1).replace(",", ""))
    print(json.dumps({"query": args.query, "size": args.size, "instructions_per_request": instructions // requests}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
