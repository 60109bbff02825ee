"""Rendered briefs in memory: a single-flight LRU, the pre-encoded responses, and the fast path
that answers a GET of an already rendered brief before routing."""

from __future__ import annotations

import asyncio
import gzip
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from newsbrief.serve.options import BRIEF_HTML_CSP, MEDIA_TYPES

if TYPE_CHECKING:
    from newsbrief.serve.service import Service

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SingleFlightCache:
    """An LRU of finished values plus the computations in flight, so N concurrent misses compute once.

    The computation runs as its own task, so a client that disconnects does not cancel the work the
    other waiting clients need. Failures are not cached.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._done: OrderedDict[Hashable, Any] = OrderedDict()
        self._flying: dict[Hashable, asyncio.Task[Any]] = {}
        self.hits = 0
        self.misses = 0

    async def get(self, key: K, compute: Callable[[], Awaitable[V]]) -> V:
        if key in self._done:
            self._done.move_to_end(key)
            self.hits += 1
            value: V = self._done[key]
            return value
        task = self._flying.get(key)
        if task is None:
            self.misses += 1
            task = asyncio.ensure_future(compute())
            self._flying[key] = task
            task.add_done_callback(partial(self._finish, key))
        result: V = await asyncio.shield(task)
        return result

    def peek(self, key: Hashable) -> Any | None:
        """The finished value for ``key``, or None; never starts a computation."""
        value = self._done.get(key)
        if value is not None:
            self._done.move_to_end(key)
            self.hits += 1
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep a finished value made elsewhere (a brief read from the collection file)."""
        self._done[key] = value
        self._done.move_to_end(key)
        while len(self._done) > self.size:
            self._done.popitem(last=False)

    def flying(self, key: Hashable) -> bool:
        return key in self._flying

    def _finish(self, key: Hashable, task: asyncio.Task[Any]) -> None:
        self._flying.pop(key, None)
        if task.cancelled() or task.exception() is not None:
            return
        self._done[key] = task.result()
        self._done.move_to_end(key)
        while len(self._done) > self.size:
            self._done.popitem(last=False)

    def __len__(self) -> int:
        return len(self._done)


_ETAG = re.compile(r'(?:W/)?"([^"]*)"')
_GZIP_LEVEL = 6  # zlib's default: within a few % of level 9's size at a fraction of its time


def none_match(field: str, etags: Iterable[str]) -> bool:
    """Whether an ``If-None-Match`` field value matches any of ``etags`` (RFC 9110 §13.1.2):
    ``*`` matches any current representation; otherwise the field is a list of entity tags, compared
    weakly (``W/"x"`` matches ``"x"``). A malformed field matches nothing (the full response is sent).
    """
    value = field.strip()
    if value == "*":
        return True
    opaque = {tag.removeprefix("W/").strip('"') for tag in etags}
    return any(m.group(1) in opaque for m in _ETAG.finditer(value))


def accepts_gzip(field: str) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (RFC 9110 §12.5.3: ``gzip;q=0`` refuses it)."""
    for part in field.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "x-gzip", "*"):
            q = params.replace(" ", "").removeprefix("q=")
            try:
                return not params or float(q) > 0
            except ValueError:
                return False
    return False


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered brief with its response headers, encoded (and gzipped) once when it is made.

    The gzipped form is another representation with its own strong ETag (``…-gz``); an
    ``If-None-Match`` naming either is answered 304, as both say the same brief.
    """

    body: bytes
    gzipped: bytes
    media_type: str
    etag: str
    headers: tuple[tuple[bytes, bytes], ...]  # of a 200
    gz_headers: tuple[tuple[bytes, bytes], ...]  # of a gzipped 200
    not_modified: tuple[tuple[bytes, bytes], ...]  # of a 304

    @classmethod
    def of(cls, body: bytes, fmt: str, etag: str) -> Rendered:
        gz_etag = etag[:-1] + '-gz"'
        common = [(b"cache-control", b"no-cache"), (b"vary", b"Accept-Encoding")]
        if fmt == "html":
            common.append((b"content-security-policy", BRIEF_HTML_CSP.encode()))
        media = MEDIA_TYPES[fmt]
        gzipped = gzip.compress(body, _GZIP_LEVEL, mtime=0)  # mtime 0: the same bytes every time
        full = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
        gz = [
            (b"content-type", media.encode()),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(gzipped)).encode()),
        ]
        plain = (*full, (b"etag", etag.encode()), *common)
        if len(gzipped) >= len(body):  # a tiny body: gzip would only add its header
            return cls(body, body, media, etag, plain, plain, ((b"etag", etag.encode()), *common))
        return cls(
            body,
            gzipped,
            media,
            etag,
            plain,
            (*gz, (b"etag", gz_etag.encode()), *common),
            ((b"etag", etag.encode()), *common),
        )

    def answer(
        self, headers: Iterable[tuple[bytes, bytes]]
    ) -> tuple[int, tuple[tuple[bytes, bytes], ...], bytes]:
        """(status, headers, body) for a GET with these request headers: 304 when ``If-None-Match``
        matches, gzipped when ``Accept-Encoding`` allows it."""
        gz = False
        for name, value in headers:
            if name == b"if-none-match" and none_match(
                value.decode("latin-1"), (self.etag, self.etag[:-1] + '-gz"')
            ):
                return 304, self.not_modified, b""
            if name == b"accept-encoding":
                gz = accepts_gzip(value.decode("latin-1"))
        if gz:
            return 200, self.gz_headers, self.gzipped
        return 200, self.headers, self.body


class CachedBriefs:
    """Pure ASGI middleware: a GET of an already rendered brief is answered from memory, unrouted."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            hit = self.service.cached_brief(scope)
            if hit is not None:
                status, headers, body = hit
                await send({"type": "http.response.start", "status": status, "headers": list(headers)})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def respond(rendered: Rendered, request: Request) -> Response:
    status, headers, body = rendered.answer(request.scope["headers"])
    response = Response(body, status_code=status)
    response.raw_headers = list(headers)
    return response
