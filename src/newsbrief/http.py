"""HTTP API and web page over a collection: a thin adapter over the library, as the CLI is.

Routes (API under ``/v1``, schema at ``/v1/openapi.json``)::

    GET  /healthz                         liveness and the collection's reachability
    POST /v1/articles                     ingest articles (bearer token when the server has one)
    GET  /v1/stories                      stories, newest first; ?q= ?since= ?until= ?limit= ?offset=
    GET  /v1/stories/{id}/brief           ?format=json|md|html
    POST /v1/brief                        an ad-hoc brief of the posted articles; nothing is stored
    GET  /  /stories/{id}  /brief         the web page (``newsbrief.web``), assets under /assets/

Request order of defence: trusted host → body size (413) → token on writes (401) → schema (422,
naming the field) → the library. Every error is a JSON object ``{"error": {...}}``; a bug is a 500
with a one-line message and the traceback goes to the server log only.

Briefs are expensive (embedding on CPU) and deterministic, so each story's brief is rendered in
every format once and kept in memory under (story id, story version, words), where the version is a
hash of the story's original article ids: a story that gains an article gets a new key, and the old
entry ages out of the LRU. Concurrent misses on one key share a single computation.

Where the time goes, and why it is split this way:

- Model work (``make_brief``: embedding, spaCy) runs in a separate worker process, with one BLAS and
  torch thread and a lower CPU priority. In a server thread it would hold this process's GIL for
  long stretches and stall the event loop that answers everyone else.
- A story's article ids are read from SQLite (in a worker thread) and trusted for
  ``ServeOptions.story_ttl`` seconds: writes through this server are seen at once, writes by another
  process (``newsbrief ingest``) within that time.
- A story that gains articles keeps being served its previous brief (with that brief's ETag) while
  the new one is made in the background, so readers of a growing story never wait on the model.
- A GET for a brief that is already rendered, of a story whose ids are fresh, is answered by
  ``CachedBriefs`` before routing: pre-encoded bytes and headers, ETag/304, no validation models,
  no thread hop. Everything else goes through FastAPI as usual.
"""

import asyncio
import contextlib
import hmac
import logging
import multiprocessing
import os
import re
import signal
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol, Self, TypeVar
from urllib.parse import parse_qsl

import anyio
from fastapi import Body, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsbrief import __version__, web
from newsbrief.collection import CollectionService, Page, StoryQuery, story_brief
from newsbrief.errors import InputError, NewsbriefError
from newsbrief.ingest import Skip, article_from_record
from newsbrief.model import Article, stable_id
from newsbrief.pipeline import BriefOptions, make_brief
from newsbrief.render import render
from newsbrief.signals import sigint_ignored
from newsbrief.store import StoreError, iso_time
from newsbrief.threads import SINGLE_THREAD, single_thread_env

log = logging.getLogger("newsbrief.http")

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# The page itself: scripts and styles from this origin only, no inline code, no framing, no plugins.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The self-contained HTML brief carries its stylesheet inline and has no script at all.
BRIEF_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

MEDIA_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
Format = Literal["json", "md", "html"]


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """Limits and sizes of one server, in one keyword-only object."""

    max_body_bytes: int = 10_000_000  # larger bodies get 413 before they are read
    max_articles: int = 1000  # per POST /v1/articles
    max_brief_articles: int = 200  # per POST /v1/brief: an ad-hoc brief is made while the client waits
    cache_entries: int = 512  # briefs kept in memory (each in every format)
    model_workers: int = 1  # worker processes making briefs; each loads the models once (~1 GB)
    max_waiting_briefs: int = 32  # ad-hoc briefs queued beyond this get 503 instead of a long wait
    words: int = 150  # default summary budget
    story_ttl: float = 1.0  # seconds a story's article ids are trusted before SQLite is asked again
    warm_model: bool = True  # load the models in the worker at start-up, not on the first request


# ---------------------------------------------------------------------------------------------
# the collection, as the server sees it


@dataclass(frozen=True, slots=True)
class StoryEntry:
    """A stored story without its article texts: enough to list it and to key its cached brief."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class Added:
    added: int
    stories: tuple[str, ...]


class Collection(Protocol):
    """What the server needs from the store; ``open_collection`` adapts ``newsbrief.store`` to it.

    Every method is blocking (SQLite) and is called from worker threads, never the event loop.
    """

    def count(self) -> int: ...

    def add(self, articles: Sequence[Article]) -> Added: ...

    def stories(
        self, *, limit: int, offset: int, since: datetime | None, until: datetime | None, query: str | None
    ) -> tuple[list[StoryEntry], int]: ...

    def story(self, story_id: str) -> StoryEntry | None: ...

    def articles(self, story_id: str) -> list[Article]: ...


class StoreCollection:
    """``newsbrief.collection.CollectionService`` behind the server's ``Collection`` interface.

    The service keeps one SQLite connection per thread (the server calls from a pool of worker
    threads), opens reads read-only, and names the file in every error. The file is in WAL mode:
    reads never wait for a writer, in this process or another, and writers queue on the store's
    busy timeout instead of failing with "database is locked". Copies (near-duplicates) are left out
    of article lists and outlet names, as every brief of a stored story does.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.service = CollectionService(self.path, create=True)

    def count(self) -> int:
        return self.service.count()

    def add(self, articles: Sequence[Article]) -> Added:
        done = self.service.ingest(articles)
        return Added(done.report.added, done.stories)

    def stories(
        self, *, limit: int, offset: int, since: datetime | None, until: datetime | None, query: str | None
    ) -> tuple[list[StoryEntry], int]:
        page = self.service.stories(StoryQuery(since, until, query), Page(limit, offset))
        entries = [_entry(r.id, r.title, page.members[r.id], r.first_seen, r.last_seen) for r in page.stories]
        return entries, page.total

    def story(self, story_id: str) -> StoryEntry | None:
        found = self.service.story(story_id)
        if found is None:
            return None
        row, members = found
        return _entry(row.id, row.title, members, row.first_seen, row.last_seen)

    def articles(self, story_id: str) -> list[Article]:
        return self.service.articles(story_id)


def _entry(
    sid: str, title: str, members: Sequence[tuple[str, str]], first: datetime | None, last: datetime | None
) -> StoryEntry:
    outlets = tuple(dict.fromkeys(outlet for _aid, outlet in members))
    return StoryEntry(sid, title, tuple(aid for aid, _outlet in members), outlets, first, last)


def open_collection(db_path: str | Path) -> Collection:
    """The store at ``db_path`` (created when missing) behind the ``Collection`` interface."""
    return StoreCollection(db_path)


# ---------------------------------------------------------------------------------------------
# request schema


class ArticleIn(BaseModel):
    """One article in any shape ``newsbrief.ingest`` reads (newsbrief, news-please, trafilatura).

    Only the fields ingest uses are kept; other fields of those records (authors, image_url, …) are
    accepted and ignored so a news-please record can be posted as it is.
    """

    model_config = ConfigDict(extra="ignore", str_max_length=5_000_000)

    text: str | None = None
    maintext: str | None = None
    body: str | None = None
    content: str | None = None
    article: str | None = None
    title: Annotated[str | None, Field(max_length=2000)] = None
    headline: Annotated[str | None, Field(max_length=2000)] = None
    outlet: Annotated[str | None, Field(max_length=300)] = None
    source_domain: Annotated[str | None, Field(max_length=300)] = None
    sitename: Annotated[str | None, Field(max_length=300)] = None
    hostname: Annotated[str | None, Field(max_length=300)] = None
    source: Annotated[str | None, Field(max_length=300)] = None
    url: Annotated[str | None, Field(max_length=4096)] = None
    published: Annotated[str | None, Field(max_length=100)] = None
    date_publish: Annotated[str | None, Field(max_length=100)] = None
    date: Annotated[str | None, Field(max_length=100)] = None
    publish_date: Annotated[str | None, Field(max_length=100)] = None
    pubdate: Annotated[str | None, Field(max_length=100)] = None
    language: Annotated[str | None, Field(max_length=20)] = None
    id: Annotated[str | None, Field(max_length=128)] = None

    @model_validator(mode="after")
    def _has_text(self) -> Self:
        if not any(
            (getattr(self, k) or "").strip() for k in ("text", "maintext", "body", "content", "article")
        ):
            raise ValueError("no article text: give the field 'text' (or maintext, body, content, article)")
        return self


class IngestResult(BaseModel):
    received: int
    added: int
    skipped: list[dict[str, Any]]
    stories: list[str]


class StoryOut(BaseModel):
    id: str
    title: str
    articles: int
    outlets: list[str]
    first_seen: str | None  # ISO 8601 with offset, as every newsbrief output writes times
    last_seen: str | None
    brief: str


class StoryPage(BaseModel):
    stories: list[StoryOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class Health(BaseModel):
    status: str
    version: str
    stories: int


# ---------------------------------------------------------------------------------------------
# errors


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


def _error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "code": code, "message": message, **extra}},
        status_code=status,
        headers=headers,
    )


def _field(loc: Sequence[int | str]) -> str:
    """``("body", 0, "title")`` → ``body[0].title``: the path a client can find in its own request."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
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
        fields.append({"field": _field(loc), "message": msg})
    message = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
    if len(fields) > 5:
        message += f"; and {len(fields) - 5} more"
    return _error(422, "invalid", message or "invalid request", fields=fields[:50])


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = getattr(exc, "code", None) or _CODES.get(exc.status_code, "error")
    detail = exc.detail if isinstance(exc.detail, str) else "request failed"
    return _error(exc.status_code, code, detail, dict(exc.headers) if exc.headers else None)


async def _on_library(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, StoreError):  # the collection file, not the request, is the problem
        if "read-only" in str(exc):
            return _error(403, "read_only", str(exc))
        return _error(503, "unavailable", str(exc))
    status = 422 if isinstance(exc, InputError) else 400
    return _error(status, "invalid" if status == 422 else "bad_request", str(exc))


async def _on_bug(request: Request, exc: Exception) -> JSONResponse:
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(500, "internal", f"internal error ({type(exc).__name__}); see the server log")


# ---------------------------------------------------------------------------------------------
# middleware


class _BodyTooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "too_large", f"request body is larger than the limit of {limit:,} bytes")


class Guard:
    """Pure ASGI middleware: refuse oversized bodies early, and add security headers to every response.

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

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in _SECURITY_HEADERS:
                    if name not in present:
                        headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                response = _error(400, "bad_request", "invalid Content-Length header")
                await response(scope, receive, send_with_headers)
                return
            if too_big:
                response = _error(
                    413, "too_large", f"request body is larger than the limit of {limit:,} bytes"
                )
                await response(scope, receive, send_with_headers)
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

        await self.app(scope, counted_receive, send_with_headers)


_SECURITY_HEADERS = [
    (b"content-security-policy", PAGE_CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


# ---------------------------------------------------------------------------------------------
# caching and the model threads


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
    def of(cls, body: bytes, fmt: str, etag: str) -> "Rendered":
        common = [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]
        if fmt == "html":
            common.append((b"content-security-policy", BRIEF_HTML_CSP.encode()))
        media = MEDIA_TYPES[fmt]
        full = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode()), *common]
        return cls(body, media, etag, tuple(full), tuple(common))


# -- the model worker process --------------------------------------------------------------------

_WORKER_NICE = 5  # model work yields the CPU to the event loop when both want it
_spawning = threading.Lock()


def _worker_init() -> None:
    """Runs first in the worker process: one BLAS/torch thread, a lower priority, and Ctrl-C left to
    the server (the terminal sends it to the whole process group; the server stops this process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.update(SINGLE_THREAD)
    with contextlib.suppress(OSError):  # not allowed here: run at the normal priority
        os.nice(_WORKER_NICE)
    import torch

    torch.set_num_threads(1)


_WARM_ARTICLE = Article(
    id="warm",
    text=(
        "The city council in Portmere approved a new budget on Tuesday after a long debate. "
        "Mayor Ana Ruiz said the plan adds money for schools and road repairs. "
        "Critics said the council should have cut spending instead."
    ),
    title="Portmere approves budget",
    outlet="warm.example",
    url="",
    published=None,
    language="en",
)


def _warm_worker() -> None:
    """Load the models (embedding, spaCy) by making one small brief."""
    make_brief([_WARM_ARTICLE], BriefOptions(words=20))


def _brief_in_worker(
    story: tuple[str, str] | None,
    articles: Sequence[Article],
    words: int,
    formats: tuple[str, ...],
    notes: tuple[str, ...],
) -> dict[str, bytes]:
    """In the worker: the brief rendered in ``formats`` (rendering is CPU work too). ``story``: the
    stored story's (id, title), briefed as ``collection.story_brief`` does for every adapter; None
    for an ad-hoc brief of posted articles."""
    options = BriefOptions(words=words)
    if story is not None:
        brief = story_brief(story[0], story[1], articles, options)
    else:
        brief = make_brief(articles, options)
    if notes:
        brief = replace(brief, warnings=brief.warnings + notes)
    return {fmt: render(brief, fmt).encode("utf-8") for fmt in formats}


class ModelWorker:
    """A process pool for model work, started on first use (or by ``start``) and restarted if it dies.

    Processes are spawned, not forked: the server has threads, and a fork copies their locks in
    whatever state they are. The single-thread BLAS variables are set while the pool starts so the
    child's numpy reads them at import; ``_worker_init`` does the rest.
    """

    def __init__(self, processes: int, warm: bool) -> None:
        self.processes = processes
        self.warm = warm
        self.closing = False
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> ProcessPoolExecutor:
        with _spawning:
            if self._pool is not None:
                return self._pool
            pool = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
            )
            # The first submit starts the processes, with this environment, and with Ctrl-C ignored
            # until ``_worker_init`` runs (a child still importing would print a traceback).
            with single_thread_env(), sigint_ignored():
                warming = pool.submit(_warm_worker if self.warm else int)
            warming.add_done_callback(partial(_log_warm_failure, self))
            self._pool = pool
            return pool

    async def run(self, fn: Callable[..., V], *args: Any) -> V:
        pool = self._pool or await anyio.to_thread.run_sync(self.start)
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, partial(fn, *args))
        except BrokenProcessPool:
            with _spawning:
                if self._pool is pool:
                    self._pool = None
            log.error("the brief worker process stopped; a new one starts on the next request")
            raise ApiError(503, "unavailable", "the brief worker stopped; retry shortly") from None

    def close(self) -> None:
        self.closing = True  # the warm-up that close cuts short is no failure to report
        with _spawning:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        # A brief in progress is not worth waiting for at shutdown: stop the processes.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)


def _log_refresh_failure(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("making a story's new brief failed: %s", task.exception())


def _log_warm_failure(worker: ModelWorker, future: Any) -> None:
    if worker.closing:
        return
    if not future.cancelled() and future.exception() is not None:
        log.warning("loading the models in the brief worker failed: %s", future.exception())


STORY_ID = re.compile(web.STORY_ID_PATTERN)
_BRIEF_PREFIX, _BRIEF_SUFFIX = "/v1/stories/", "/brief"


def _version(entry: StoryEntry) -> str:
    return stable_id(*sorted(entry.article_ids))


class Service:
    """The server's state: the collection, the caches and the limiter for model work."""

    def __init__(self, open_it: Callable[[], Collection], options: ServeOptions) -> None:
        self._open = open_it
        self._collection: Collection | None = None
        self._opening = threading.Lock()
        self.options = options
        self.rendered = SingleFlightCache(options.cache_entries)  # (id, version, words) → {fmt: Rendered}
        self.entries = SingleFlightCache(4 * options.cache_entries)  # (id, period, writes) → StoryEntry
        self.writes = 0  # writes through this server: a new value makes every story entry stale
        # the newest brief made of each (story, words), served while a story's next brief is made
        self.latest: OrderedDict[tuple[str, int], dict[str, Rendered]] = OrderedDict()
        self.worker = ModelWorker(options.model_workers, options.warm_model)
        self.waiting = 0

    def collection(self) -> Collection:
        """The collection, opened on first use (in a worker thread: opening SQLite blocks)."""
        if self._collection is None:
            with self._opening:
                if self._collection is None:
                    try:
                        self._collection = self._open()
                    except NewsbriefError as exc:
                        raise ApiError(503, "unavailable", f"the collection cannot be opened: {exc}") from exc
        return self._collection

    async def in_thread(self, fn: Callable[[], V]) -> V:
        """Blocking I/O (SQLite, ingest parsing) off the event loop, on the default worker threads."""
        return await anyio.to_thread.run_sync(fn)

    def _entry_key(self, story_id: str) -> tuple[str, int, int]:
        # Keys age by period: an entry older than the period is read again (and the LRU drops it).
        return (story_id, int(time.monotonic() / self.options.story_ttl), self.writes)

    async def entry(self, story_id: str) -> StoryEntry | None:
        """The story's current article ids, read at most once a period (concurrent reads share one)."""
        return await self.entries.get(
            self._entry_key(story_id), lambda: self.in_thread(lambda: self.collection().story(story_id))
        )

    async def story_brief(self, entry: StoryEntry, words: int) -> dict[str, Rendered]:
        """The story's brief in every format, made once per article set."""
        version = _version(entry)

        async def make() -> dict[str, Rendered]:
            stored = await self.in_thread(lambda: self.collection().articles(entry.id))
            # an article stored since the entry was read waits for the entry's next key
            wanted = set(entry.article_ids)
            articles = [a for a in stored if a.id in wanted]
            if not articles:
                raise ApiError(404, "not_found", f"story {entry.id} has no articles")
            bodies = await self.worker.run(
                _brief_in_worker, (entry.id, entry.title), articles, words, tuple(MEDIA_TYPES), ()
            )
            made = {fmt: Rendered.of(body, fmt, f'"{version}-{words}-{fmt}"') for fmt, body in bodies.items()}
            self.latest[(entry.id, words)] = made  # a newer article set always has a later entry
            self.latest.move_to_end((entry.id, words))
            while len(self.latest) > self.options.cache_entries:
                self.latest.popitem(last=False)
            return made

        result: dict[str, Rendered] = await self.rendered.get((entry.id, version, words), make)
        return result

    def ready_brief(self, entry: StoryEntry, words: int) -> dict[str, Rendered] | None:
        """The story's brief if one can be sent now: of its current articles, or else (stale while
        revalidating) the newest one made before it gained articles, while the new one is made.

        Readers of a story that keeps growing get an answer at once instead of queueing behind the
        model; the brief they get is consistent in itself, with its own ETag.
        """
        key = (entry.id, _version(entry), words)
        current: dict[str, Rendered] | None = self.rendered.peek(key)
        if current is not None:
            return current
        stale = self.latest.get((entry.id, words))
        if stale is not None and not self.rendered.flying(key):
            asyncio.ensure_future(self.story_brief(entry, words)).add_done_callback(_log_refresh_failure)
        return stale

    def cached_brief(self, scope: Scope) -> tuple[int, tuple[tuple[bytes, bytes], ...], bytes] | None:
        """The response to a GET of an already rendered brief, or None to take the routed path.

        Anything unusual (an invalid id or parameter, a stale or missing entry) returns None, and the
        route validates and answers it in full.
        """
        path: str = scope["path"]
        if not (path.startswith(_BRIEF_PREFIX) and path.endswith(_BRIEF_SUFFIX)):
            return None
        story_id = path[len(_BRIEF_PREFIX) : -len(_BRIEF_SUFFIX)]
        if not STORY_ID.match(story_id):
            return None
        fmt, words = "json", self.options.words
        query: bytes = scope.get("query_string", b"")
        if query:
            params = dict(parse_qsl(query.decode("latin-1"), keep_blank_values=True))
            fmt = params.get("format", fmt)
            given = params.get("words")
            if given is not None:
                if not (given.isascii() and given.isdigit() and len(given) <= 4):
                    return None
                words = int(given)
            if fmt not in MEDIA_TYPES or not 10 <= words <= 2000:
                return None
        entry: StoryEntry | None = self.entries.peek(self._entry_key(story_id))
        if entry is None:
            return None
        formats = self.ready_brief(entry, words)
        if formats is None:
            return None
        rendered = formats[fmt]
        for name, value in scope["headers"]:
            if name == b"if-none-match":
                if value.decode("latin-1") == rendered.etag:
                    return 304, rendered.not_modified, b""
                break
        return 200, rendered.headers, rendered.body


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


def _respond(rendered: Rendered, request: Request) -> Response:
    if request.headers.get("if-none-match") == rendered.etag:
        response = Response(status_code=304)
        response.raw_headers = list(rendered.not_modified)
        return response
    response = Response(rendered.body)
    response.raw_headers = list(rendered.headers)
    return response


def _articles_from(records: Sequence[ArticleIn], *, where: str) -> tuple[list[Article], list[dict[str, Any]]]:
    """Posted records → articles, through the same ``article_from_record`` the file readers use.

    Like ingest from files, an unusable record is skipped with its reason, not fatal: one bad record
    should not cost a whole batch. Non-English text and repeated ids are skipped too.
    """
    articles: list[Article] = []
    skipped: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, record in enumerate(records):
        try:
            article = article_from_record(record.model_dump(exclude_none=True), source=f"<{where}[{i}]>")
        except Skip as skip:
            skipped.append({"index": i, "reason": str(skip)})
            continue
        if article.language != "en":
            skipped.append(
                {"index": i, "reason": "does not look like English text; newsbrief reads English only"}
            )
        elif article.id in seen:
            skipped.append({"index": i, "reason": f"duplicate article id {article.id}"})
        else:
            seen.add(article.id)
            articles.append(article)
    return articles, skipped


def _day_bound(value: str | None, name: str, *, end: bool) -> datetime | None:
    """A query date or datetime; a bare ``until`` date includes that whole day."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            when = datetime(d.year, d.month, d.day, tzinfo=UTC) + (timedelta(days=1) if end else timedelta())
        else:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(422, "invalid", f"query.{name}: not an ISO date or datetime: {value[:40]!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# the app


def create_app(
    db_path: str | Path,
    token: str | None = None,
    *,
    options: ServeOptions | None = None,
    allowed_hosts: Sequence[str] | None = None,
    collection: Collection | None = None,
) -> FastAPI:
    """The ASGI app serving the collection in ``db_path``.

    ``token``: when set, writes need ``Authorization: Bearer <token>``. ``allowed_hosts``: Host
    header values accepted (the CLI passes the loopback names when bound to loopback, which stops
    DNS-rebinding pages from talking to a local server); ``None`` accepts any. ``collection``: an
    already open collection to serve instead of opening ``db_path`` (for embedding the app).
    """
    opts = options or ServeOptions()
    service = Service(
        (lambda: collection) if collection is not None else partial(open_collection, db_path), opts
    )
    secret = token.encode("utf-8") if token else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.worker.start()  # spawn the model process (it loads the models while nobody waits)
        try:
            yield
        finally:
            service.worker.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsbrief",
        version=__version__,
        summary="Cited briefs of news stories, from a collection or from posted articles.",
        openapi_url="/v1/openapi.json",
        docs_url=None,  # the bundled docs pages load scripts from a CDN; the schema is enough
        redoc_url=None,
    )
    app.state.service = service
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(HTTPException, _on_http)
    app.add_exception_handler(NewsbriefError, _on_library)
    app.add_exception_handler(Exception, _on_bug)
    # innermost first: the cached-brief path runs after the host check, inside the guard's headers
    app.add_middleware(CachedBriefs, service=service)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(Guard, max_body_bytes=opts.max_body_bytes)

    def require_token(request: Request) -> None:
        if secret is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        # compare_digest takes the same time wherever the first difference is
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8"), secret):
            raise ApiError(
                401,
                "unauthorized",
                "this server needs 'Authorization: Bearer <token>' for writes",
                headers={"WWW-Authenticate": "Bearer"},
            )

    story_id_param = PathParam(pattern=web.STORY_ID_PATTERN, max_length=64, description="A story id.")

    @app.get("/healthz", response_model=Health, tags=["meta"])
    async def healthz() -> Health:
        """Liveness: answers when the server runs and its collection can be read."""
        count = await service.in_thread(lambda: service.collection().count())
        return Health(status="ok", version=__version__, stories=count)

    @app.post("/v1/articles", response_model=IngestResult, tags=["collection"], status_code=200)
    async def post_articles(
        request: Request,
        articles: Annotated[list[ArticleIn], Body(max_length=opts.max_articles)],
    ) -> IngestResult:
        """Add articles to the collection; unusable records are skipped and listed with their reason."""
        require_token(request)
        parsed, skipped = await service.in_thread(partial(_articles_from, articles, where="body"))
        result = await service.in_thread(lambda: service.collection().add(parsed)) if parsed else None
        if result is not None:
            service.writes += 1  # stories read before this write are read again
        return IngestResult(
            received=len(articles),
            added=result.added if result else 0,
            skipped=skipped,
            stories=list(result.stories) if result else [],
        )

    @app.get("/v1/stories", response_model=StoryPage, tags=["collection"])
    async def list_stories(
        q: Annotated[str | None, Query(max_length=200, description="Words in the title or text.")] = None,
        since: Annotated[
            str | None, Query(max_length=40, description="ISO date/datetime: last seen on or after.")
        ] = None,
        until: Annotated[
            str | None, Query(max_length=40, description="ISO date/datetime: first seen on or before.")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> StoryPage:
        """Stories, newest first (by the latest article), optionally filtered by time and text."""
        lo, hi = _day_bound(since, "since", end=False), _day_bound(until, "until", end=True)
        query = q.strip() if q and q.strip() else None
        entries, total = await service.in_thread(
            lambda: service.collection().stories(limit=limit, offset=offset, since=lo, until=hi, query=query)
        )
        stories = [
            StoryOut(
                id=e.id,
                title=e.title,
                articles=len(e.article_ids),
                outlets=list(e.outlets),
                first_seen=iso_time(e.first_seen),
                last_seen=iso_time(e.last_seen),
                brief=f"/v1/stories/{e.id}/brief",
            )
            for e in entries
        ]
        more = offset + len(entries) < total
        return StoryPage(
            stories=stories,
            total=total,
            limit=limit,
            offset=offset,
            next_offset=offset + limit if more else None,
        )

    @app.get(
        "/v1/stories/{story_id}/brief",
        tags=["collection"],
        responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}, "description": "The brief."}},
    )
    async def story_brief(
        request: Request,
        story_id: Annotated[str, story_id_param],
        format: Annotated[Format, Query(description="json, md or html")] = "json",
        words: Annotated[int, Query(ge=10, le=2000)] = opts.words,
    ) -> Response:
        """The brief of one stored story, cached per (story, article set, format, words)."""
        entry = await service.entry(story_id)
        if entry is None:
            raise ApiError(404, "not_found", f"no story with id {story_id}")
        formats = service.ready_brief(entry, words) or await service.story_brief(entry, words)
        return _respond(formats[format], request)

    @app.post(
        "/v1/brief",
        tags=["brief"],
        responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}, "description": "The brief."}},
    )
    async def adhoc_brief(
        request: Request,
        articles: Annotated[list[ArticleIn], Body(min_length=1, max_length=opts.max_brief_articles)],
        format: Annotated[Format, Query(description="json, md or html")] = "json",
        words: Annotated[int, Query(ge=10, le=2000)] = opts.words,
    ) -> Response:
        """A brief of the posted articles taken as one story. Nothing is stored."""
        parsed, skipped = await service.in_thread(partial(_articles_from, articles, where="body"))
        if not parsed:
            reasons = "; ".join(f"body[{s['index']}]: {s['reason']}" for s in skipped[:5])
            raise ApiError(422, "invalid", f"no usable articles ({reasons})")
        if service.waiting >= opts.max_waiting_briefs:
            raise ApiError(
                503, "busy", "too many briefs in progress; retry shortly", headers={"Retry-After": "5"}
            )
        notes = tuple(f"article {s['index'] + 1} skipped: {s['reason']}" for s in skipped)
        service.waiting += 1
        try:
            bodies = await service.worker.run(_brief_in_worker, None, parsed, words, (format,), notes)
        finally:
            service.waiting -= 1
        headers = {"Cache-Control": "no-store"}
        if format == "html":
            headers["Content-Security-Policy"] = BRIEF_HTML_CSP
        return Response(bodies[format], media_type=MEDIA_TYPES[format], headers=headers)

    # -- the web page ------------------------------------------------------------------------

    def page(body: str) -> Response:
        return Response(body, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    @app.get("/", include_in_schema=False)
    async def stories_page() -> Response:
        return page(web.stories_page())

    @app.get("/stories/{story_id}", include_in_schema=False)
    async def story_page(story_id: Annotated[str, story_id_param]) -> Response:
        return page(web.story_page(story_id))

    @app.get("/brief", include_in_schema=False)
    async def adhoc_page() -> Response:
        return page(web.adhoc_page())

    @app.get("/assets/{name}", include_in_schema=False)
    async def asset(name: Annotated[str, PathParam(max_length=100)], request: Request) -> Response:
        found = web.assets().get(name)  # a lookup in a fixed map: no request path touches the disk
        if found is None:
            raise ApiError(404, "not_found", "no such asset")
        headers = {"ETag": found.etag, "Cache-Control": "public, max-age=3600"}
        if request.headers.get("if-none-match") == found.etag:
            return Response(status_code=304, headers=headers)
        return Response(found.body, media_type=found.media_type, headers=headers)

    return app


__all__ = [
    "ApiError",
    "Collection",
    "ServeOptions",
    "SingleFlightCache",
    "StoreCollection",
    "StoryEntry",
    "create_app",
    "open_collection",
]
