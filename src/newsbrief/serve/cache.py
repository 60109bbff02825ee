"""Rendered briefs in memory: a single-flight LRU, the pre-encoded responses, and the fast path
that answers a GET of an already rendered brief before routing."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
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


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered brief with its response headers, encoded once when it is made."""

    body: bytes
    media_type: str
    etag: str
    headers: tuple[tuple[bytes, bytes], ...]  # of a 200
    not_modified: tuple[tuple[bytes, bytes], ...]  # of a 304

    @classmethod
    def of(cls, body: bytes, fmt: str, etag: str) -> Rendered:
        common = [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]
        if fmt == "html":
            common.append((b"content-security-policy", BRIEF_HTML_CSP.encode()))
        media = MEDIA_TYPES[fmt]
        full = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode()), *common]
        return cls(body, media, etag, tuple(full), tuple(common))


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
    if request.headers.get("if-none-match") == rendered.etag:
        response = Response(status_code=304)
        response.raw_headers = list(rendered.not_modified)
        return response
    response = Response(rendered.body)
    response.raw_headers = list(rendered.headers)
    return response
