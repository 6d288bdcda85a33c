"""One JSON error shape for every non-GraphQL route::

    {"error": {"status": 400, "code": "invalid_input", "message": "…"}}

Errors the caller can fix (:class:`kg.errors.CkgError`) keep their message and their
``http_status``; anything else is logged with its traceback and answered 500 with a
generic message.
"""

from __future__ import annotations

import json
import logging
import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kg.errors import CkgError

log = logging.getLogger("api")


def _code(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> Response:
    body = {"error": {"status": status, "code": code, "message": message}}
    return Response(
        json.dumps(body, ensure_ascii=False),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def from_exception(exc: Exception) -> Response:
    if isinstance(exc, CkgError):
        status = exc.http_status
        if status >= 500 and status not in (503,):
            log.error("server-side error: %s", exc)
        return error_response(status, _code(type(exc).__name__), str(exc))
    log.exception("unexpected error", exc_info=exc)
    return error_response(500, "internal_error", "internal server error; the server log has the details")


async def ckg_error_handler(request: Request, exc: Exception) -> Response:
    return from_exception(exc)


async def http_error_handler(request: Request, exc: HTTPException) -> Response:
    codes = {
        400: "bad_request",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        406: "not_acceptable",
        413: "too_large",
        415: "unsupported_media_type",
    }
    return error_response(
        exc.status_code,
        codes.get(exc.status_code, "http_error"),
        str(exc.detail),
        headers=getattr(exc, "headers", None),
    )


async def unexpected_error_handler(request: Request, exc: Exception) -> Response:
    return from_exception(exc)
