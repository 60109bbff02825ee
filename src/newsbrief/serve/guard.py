"""The middleware in front of the routes: body limits and security headers, the Host check, the
bearer token, and HEAD."""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Sequence

from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsbrief.serve.errors import ApiError, error_response
from newsbrief.serve.options import PAGE_CSP


class _BodyTooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "too_large", f"request body is larger than the limit of {limit:,} bytes")


class Guard:
    """Pure ASGI middleware, outermost: the security headers of every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in _SECURITY_HEADERS:
                    if name not in present:
                        headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Pure ASGI middleware: refuse oversized bodies early.

    A declared Content-Length over the limit is refused before a byte is read; a chunked body is
    counted as it arrives and refused as soon as it crosses the limit (the error is raised from
    ``receive`` as an ``HTTPException``, which FastAPI passes through as it is).
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                response = error_response(400, "bad_request", "invalid Content-Length header")
                await response(scope, receive, send)
                return
            if too_big:
                response = error_response(
                    413, "too_large", f"request body is larger than the limit of {limit:,} bytes"
                )
                await response(scope, receive, send)
                return
        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge(limit)
            return message

        await self.app(scope, counted_receive, send)


_SECURITY_HEADERS = [
    (b"content-security-policy", PAGE_CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def host_name(header: str) -> str:
    """The host of a Host header without its port: ``[::1]:8000`` → ``[::1]``, ``a.b:80`` → ``a.b``."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostGuard:
    """Pure ASGI middleware: only the listed Host header values are answered (a DNS-rebinding page
    names its own host), and the refusal is a JSON error like every other (Starlette's
    ``TrustedHostMiddleware`` answers in text/plain and splits IPv6 hosts at the first colon)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.allowed = frozenset(h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            given = next((v for k, v in scope["headers"] if k == b"host"), b"").decode("latin-1")
            if host_name(given) not in self.allowed:
                response = error_response(400, "bad_host", "invalid Host header for this server")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class TokenGate:
    """Pure ASGI middleware: the bearer token of ``protected`` (method, path) requests is checked
    from the headers alone, before a byte of the body is read or parsed; a request without it gets
    401 (not 413 or 422, which would tell an outsider something about its body)."""

    def __init__(self, app: ASGIApp, secret: bytes, protected: Iterable[tuple[str, str]]) -> None:
        self.app = app
        self.secret = secret
        self.protected = frozenset(protected)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        protected = scope["type"] == "http" and (scope["method"], scope["path"]) in self.protected
        if protected and not has_token(scope, self.secret):
            await unauthorized()(scope, receive, send)
            return
        await self.app(scope, receive, send)


def has_token(scope: Scope, secret: bytes | None) -> bool:
    """Whether the request carries ``Authorization: Bearer <secret>`` (always True without a secret)."""
    if secret is None:
        return True
    given = next((v for k, v in scope["headers"] if k == b"authorization"), b"")
    scheme, _, token = given.partition(b" ")
    # compare_digest takes the same time wherever the first difference is
    return scheme.lower() == b"bearer" and hmac.compare_digest(token.strip(), secret)


def unauthorized() -> Response:
    return error_response(
        401,
        "unauthorized",
        "this server needs 'Authorization: Bearer <token>' for this request",
        headers={"WWW-Authenticate": "Bearer"},
    )


class HeadAsGet:
    """Pure ASGI middleware: HEAD is answered as GET without the body (RFC 9110 §9.3.2), on every
    GET route, the cached-brief fast path included; the headers (Content-Length, ETag) are those
    of the GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_head(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_head)
