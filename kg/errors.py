"""The errors conflict-kg raises on purpose.

Every error a user can cause or fix is a :class:`CkgError`; anything else is a bug::

    CkgError                      base; ``str(e)`` is one line a person can act on
    ├── ConfigError               a setting is missing or malformed (CLI exit 2)
    ├── InvalidInput              the caller's data is unusable (HTTP 400, CLI exit 2)
    │   ├── QuerySyntaxError      SPARQL that does not parse (message from the parser)
    │   └── UnsupportedFormat     an unknown export/result format
    ├── NotFound                  no such document or resource (HTTP 404, CLI exit 2)
    ├── ValidationFailed          SHACL says no; carries the report (HTTP 422, CLI exit 1)
    ├── Forbidden                 a write without the right token, or an update on a
    │                             read-only endpoint (HTTP 403)
    ├── QueryTimeout              a query ran past its deadline (HTTP 503)
    ├── ResultTooLarge            a result went past the size cap (HTTP 413)
    └── StoreError                the store cannot be opened or reached (HTTP 503, exit 2)

The CLI prints ``str(e)`` on one line and exits with the code above; the HTTP layer maps
them to statuses with one JSON error shape. Unexpected exceptions are never shown to
clients: they are logged and answered with 500.
"""

from __future__ import annotations

from typing import Any


class CkgError(Exception):
    """Base class. ``exit_code`` is the CLI's, ``http_status`` the API's."""

    exit_code = 2
    http_status = 400


class ConfigError(CkgError):
    http_status = 500


class InvalidInput(CkgError):
    pass


class QuerySyntaxError(InvalidInput):
    pass


class UnsupportedFormat(InvalidInput):
    pass


class NotFound(CkgError):
    http_status = 404


class ValidationFailed(CkgError):
    """A graph does not conform to the shapes. ``report`` is a kg.validation.Report."""

    exit_code = 1
    http_status = 422

    def __init__(self, message: str, report: Any = None):
        super().__init__(message)
        self.report = report


class Forbidden(CkgError):
    http_status = 403


class QueryTimeout(CkgError):
    http_status = 503


class ResultTooLarge(CkgError):
    http_status = 413


class StoreError(CkgError):
    http_status = 503
