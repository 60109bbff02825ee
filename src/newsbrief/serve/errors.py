"""Every error as one JSON object ``{"error": {"status", "code", "message"}}`` (as an HTML page for a
browser asking for a web page); a bug is a 500 with a one-line message and the traceback goes to
the server log only."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from newsbrief.errors import InputError
from newsbrief.store import StoreError

log = logging.getLogger("newsbrief.serve")


class ApiError(HTTPException):
    """An error the client can act on; becomes ``{"error": {"status", "code", "message"}}``."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code


_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid",
    503: "unavailable",
}


def error_response(
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    *,
    request: Request | None = None,
    **extra: Any,
) -> Response:
    """The error as JSON; for a browser's request of a web page (``request``: not under /v1 or
    /assets, HTML accepted) as an HTML page in the site's shell saying the same."""
    if request is not None and _wants_page(request):
        from newsbrief import web

        return HTMLResponse(web.error_page(status, message), status_code=status, headers=headers)
    return JSONResponse(
        {"error": {"status": status, "code": code, "message": message, **extra}},
        status_code=status,
        headers=headers,
    )


def _wants_page(request: Request) -> bool:
    path = request.url.path
    return not path.startswith(("/v1/", "/assets/")) and "text/html" in request.headers.get("accept", "")


def _field(loc: Sequence[int | str]) -> str:
    """``("body", 0, "title")`` → ``body[0].title``: the path a client can find in its own request."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


async def on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    fields = []
    for err in exc.errors():
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        loc = tuple(err.get("loc", ()))
        if err.get("type") == "json_invalid":  # the loc is ("body", offset), not a field
            problem = (err.get("ctx") or {}).get("error", "")
            msg, loc = (
                f"invalid JSON at character {loc[-1]}" + (f" ({problem})" if problem else ""),
                ("body",),
            )
        if loc == ("body",) and err.get("type") == "list_type":
            msg = _not_a_list(request, err.get("input"))
        fields.append({"field": _field(loc), "message": msg})
    message = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
    if len(fields) > 5:
        message += f"; and {len(fields) - 5} more"
    return error_response(422, "invalid", message or "invalid request", request=request, fields=fields[:50])


# FastAPI's answer to a JSON body that raised anything but a JSON syntax error while parsed: a body
# whose bytes are not UTF-8 (or UTF-16/32, which json detects) text.
_UNPARSED_BODY = "There was an error parsing the body"


def _not_a_list(request: Request, given: Any) -> str:
    """Why a body is not the JSON array of articles, in the client's terms: FastAPI parses JSON only
    under a JSON content type, so a body curl -d sends (form-encoded) or one sent as text/plain
    reaches validation as bytes (no content type at all is read as JSON), and "Input should be a
    valid list" hides the cause."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind and not (
        kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))
    ):
        return f"send the articles as JSON with Content-Type: application/json (this request says {kind})"
    if isinstance(given, dict):
        return "expected a JSON array of articles, got one object: wrap it in [ ]"
    return "expected a JSON array of articles"


async def on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400 and exc.detail == _UNPARSED_BODY:
        # the same answer as a body that is not JSON: 422 naming the body, saying what to send
        message = "the bytes are not UTF-8 text; send JSON encoded as UTF-8"
        return error_response(
            422,
            "invalid",
            f"body: {message}",
            request=request,
            fields=[{"field": "body", "message": message}],
        )
    code = getattr(exc, "code", None) or _CODES.get(exc.status_code, "error")
    detail = exc.detail if isinstance(exc.detail, str) else "request failed"
    return error_response(
        exc.status_code, code, detail, dict(exc.headers) if exc.headers else None, request=request
    )


async def on_library(request: Request, exc: Exception) -> Response:
    if isinstance(exc, StoreError):  # the collection file, not the request, is the problem
        if "read-only" in str(exc):
            return error_response(403, "read_only", str(exc), request=request)
        return error_response(503, "unavailable", str(exc), request=request)
    status = 422 if isinstance(exc, InputError) else 400
    return error_response(status, "invalid" if status == 422 else "bad_request", str(exc), request=request)


async def on_bug(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        500, "internal", f"internal error ({type(exc).__name__}); see the server log", request=request
    )
