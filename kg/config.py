"""Settings, read once at start-up: environment variable > ``.env`` file > default.

Every setting is declared once in :data:`SETTINGS`; the same table feeds ``ckg --help``
and the README (a test checks the README lists them all). Nothing else in the code base
reads ``os.environ``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kg.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {
    "store": Setting(
        "CKG_STORE",
        "./data/store",
        "Where the graph lives: a directory (embedded Oxigraph on disk), `memory`, or a remote SPARQL "
        "query endpoint http(s)://…",
    ),
    "store_update": Setting("CKG_STORE_UPDATE", "", "Remote SPARQL 1.1 update endpoint (remote stores)."),
    "store_gsp": Setting("CKG_STORE_GSP", "", "Remote Graph Store Protocol endpoint (remote stores, optional)."),
    "store_union": Setting(
        "CKG_STORE_UNION", "param",
        "How a remote store gives the union default graph: `param` (Oxigraph's union-default-graph), "
        "`native` (the engine's own default), or the IRI of the engine's union graph.",
    ),
    "store_user": Setting("CKG_STORE_USER", "", "User name for a remote store (HTTP basic auth)."),
    "store_password": Setting("CKG_STORE_PASSWORD", "", "Password for a remote store."),
    "write_token": Setting(
        "CKG_WRITE_TOKEN", "", "Bearer token that enables GraphQL mutations; unset = the API is read-only."
    ),
    "sparql_update": Setting(
        "CKG_SPARQL_UPDATE", "false", "Allow SPARQL updates on /sparql (also needs the write token)."
    ),
    "query_timeout": Setting("CKG_QUERY_TIMEOUT", "30", "Deadline for one SPARQL query, in seconds."),
    "max_results": Setting("CKG_MAX_RESULTS", "100000", "Most rows or triples one SPARQL query may return."),
    "base_url": Setting(
        "CKG_BASE_URL", "", "Public URL of the server, used in links; empty = taken from the request."
    ),
    "introspection": Setting("CKG_GRAPHQL_INTROSPECTION", "true", "Allow GraphQL introspection."),
    "max_depth": Setting("CKG_GRAPHQL_MAX_DEPTH", "10", "Deepest GraphQL query accepted."),
    "max_aliases": Setting("CKG_GRAPHQL_MAX_ALIASES", "15", "Most aliases in one GraphQL query."),
    "max_tokens": Setting("CKG_GRAPHQL_MAX_TOKENS", "2000", "Most tokens in one GraphQL query."),
    "max_page_size": Setting("CKG_GRAPHQL_MAX_PAGE", "100", "Largest `first` a connection accepts."),
    "max_cost": Setting("CKG_GRAPHQL_MAX_COST", "5000", "Highest estimated cost of one GraphQL query."),
    "log_level": Setting("CKG_LOG_LEVEL", "info", "Logging level."),
}


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{SETTINGS[name].env} must be true or false, not {raw!r}")


def _number(name: str, raw: str, kind: type) -> Any:
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{SETTINGS[name].env} must be a {kind.__name__}, not {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{SETTINGS[name].env} must be positive, not {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    store: str = SETTINGS["store"].default
    store_update: str = ""
    store_gsp: str = ""
    store_union: str = "param"
    store_user: str = ""
    store_password: str = field(default="", repr=False)
    write_token: str = field(default="", repr=False)
    sparql_update: bool = False
    query_timeout: float = 30.0
    max_results: int = 100_000
    base_url: str = ""
    introspection: bool = True
    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2000
    max_page_size: int = 100
    max_cost: int = 5000
    log_level: str = "info"

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse a ``.env`` file: ``KEY=value`` lines, ``#`` comments, optional quotes."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise ConfigError(f"{path}:{number}: expected KEY=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def load_settings(environ: dict[str, str] | None = None, dotenv: Path | None = Path(".env")) -> Settings:
    """Build :class:`Settings` from the environment, then ``.env``, then defaults."""
    env = dict(os.environ) if environ is None else environ
    file_values = read_dotenv(dotenv) if dotenv is not None else {}
    raw: dict[str, str] = {}
    for name, setting in SETTINGS.items():
        raw[name] = env.get(setting.env, file_values.get(setting.env, setting.default))
    values: dict[str, Any] = {}
    for f in fields(Settings):
        value = raw[f.name]
        if f.type == "bool":
            values[f.name] = _bool(f.name, value)
        elif f.type == "int":
            values[f.name] = _number(f.name, value, int)
        elif f.type == "float":
            values[f.name] = _number(f.name, value, float)
        else:
            values[f.name] = value
    if not values["store"].strip():
        raise ConfigError("CKG_STORE is empty: give a directory, `memory` or a SPARQL endpoint URL")
    return Settings(**values)
