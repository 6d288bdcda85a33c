"""Run the API under a real uvicorn on 127.0.0.1 for the HTTP benchmarks.

    python -m bench.serve_app STORE PORT

STORE is a store directory (opened read-only) or a remote query endpoint URL.
"""

from __future__ import annotations

import sys

import uvicorn


def main() -> int:
    location, port = sys.argv[1], int(sys.argv[2])
    from api.app import create_app
    from kg.config import Settings
    from kg.store import open_store

    remote = location.startswith(("http://", "https://"))
    store = open_store(location, read_only=not remote)
    settings = Settings(store=location, log_level="warning")
    app = create_app(store, settings, read_only=True)
    try:
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
