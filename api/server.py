"""``ckg serve``: run the API under uvicorn.

One worker: the app is built here, over a read-write store. Several workers: each
process builds its own app through :func:`api.asgi.create_app_from_settings`; an embedded
on-disk store is then opened read-only in every worker (one writer per directory) and
mutations are disabled, which is logged; a ``memory`` store cannot be shared and is
refused; a remote store is shared as is.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os

import uvicorn

from api.asgi import SERVE_CONFIG_ENV, load_ingest_factory
from kg.config import Settings
from kg.errors import ConfigError
from kg.store import store_from_settings

log = logging.getLogger("api")


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    ingest_factory_path: str | None = None,
) -> None:
    """Serve until interrupted. ``ingest_factory_path`` is ``module:function``; the
    function takes ``(store, settings)`` and returns the ingest callable (api.ports.Ingest)."""
    from api.app import create_app

    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    if workers == 1:
        store = store_from_settings(settings)
        ingest = load_ingest_factory(ingest_factory_path)(store, settings) if ingest_factory_path else None
        app = create_app(store, settings, ingest=ingest)
        try:
            uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower())
        finally:
            store.close()
        return
    remote = settings.store.startswith(("http://", "https://"))
    if settings.store == "memory":
        raise ConfigError("a `memory` store cannot be shared by several workers; use --workers 1 or a directory")
    read_only = not remote
    if read_only:
        log.warning(
            "%d workers share the embedded store %s: each opens it read-only; GraphQL mutations and "
            "SPARQL updates are disabled",
            workers,
            settings.store,
        )
    config = {
        "settings": dataclasses.asdict(settings),
        "read_only": read_only,
        "ingest_factory": None if read_only else ingest_factory_path,
    }
    os.environ[SERVE_CONFIG_ENV] = json.dumps(config)
    uvicorn.run(
        "api.asgi:create_app_from_settings",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
    )
