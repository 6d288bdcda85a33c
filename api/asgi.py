"""ASGI entry point for uvicorn workers::

    uvicorn.run("api.asgi:create_app_from_settings", factory=True, workers=N)

Settings come from :func:`kg.config.load_settings` (environment, then ``.env``), unless
:func:`api.server.serve` handed this process its own (``CKG_SERVE_CONFIG``: the settings it
was given, whether the store must be opened read-only, and the ingest factory).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
from dataclasses import fields

from kg.config import Settings, load_settings
from kg.store import store_from_settings

SERVE_CONFIG_ENV = "CKG_SERVE_CONFIG"
log = logging.getLogger("api")


def load_ingest_factory(path: str):
    """Import ``module:function``; the function takes (store, settings) and returns an Ingest."""
    module, _, name = path.partition(":")
    if not module or not name:
        raise ValueError(f"ingest factory must look like 'package.module:function', not {path!r}")
    return getattr(importlib.import_module(module), name)


def create_app_from_settings():
    from api.app import create_app

    raw = os.environ.get(SERVE_CONFIG_ENV)
    read_only, factory_path = False, None
    if raw:
        config = json.loads(raw)
        known = {f.name for f in fields(Settings)}
        settings = Settings(**{k: v for k, v in config["settings"].items() if k in known})
        read_only = bool(config.get("read_only"))
        factory_path = config.get("ingest_factory")
    else:
        settings = load_settings()
    store = store_from_settings(settings, read_only=read_only)
    ingest = None
    if read_only:
        log.warning(
            "worker %d: store %s opened read-only; mutations and SPARQL updates are disabled",
            os.getpid(),
            store.location,
        )
    elif factory_path:
        ingest = load_ingest_factory(factory_path)(store, settings)
    return create_app(store, settings, ingest=ingest, read_only=read_only)
