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

Briefs are expensive (embedding on CPU) and deterministic, so each rendered brief is cached in
memory under (story id, story version, format, words), where the version is a hash of the story's
article ids: a story that gains an article gets a new key, and the old entry ages out of the LRU.
Concurrent misses on one key share a single computation. Model work runs in worker threads behind a
small limiter, so the event loop keeps serving cached requests while a brief is being made.
"""

import asyncio
import hmac
import logging
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol, Self, TypeVar

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
from newsbrief.errors import ConfigError, InputError, NewsbriefError
from newsbrief.ingest import Skip, article_from_record
from newsbrief.model import Article, Brief, stable_id
from newsbrief.pipeline import BriefOptions, make_brief
from newsbrief.render import render

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
    cache_entries: int = 512  # rendered briefs kept in memory
    model_threads: int = 1  # briefs made at once; the embedding model is serialized anyway
    max_waiting_briefs: int = 32  # ad-hoc briefs queued beyond this get 503 instead of a long wait
    words: int = 150  # default summary budget


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


def open_collection(db_path: str | Path) -> Collection:
    """The store at ``db_path`` behind the ``Collection`` interface."""
    raise ConfigError("the collection store (newsbrief.store) is not available in this build")


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
    first_seen: datetime | None
    last_seen: datetime | None
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
    body: bytes
    media_type: str
    etag: str


class Service:
    """The server's state: the collection, the caches and the limiter for model work."""

    def __init__(self, open_it: Callable[[], Collection], options: ServeOptions) -> None:
        self._open = open_it
        self._collection: Collection | None = None
        self._opening = threading.Lock()
        self.options = options
        self.briefs = SingleFlightCache(max(8, options.cache_entries // 4))
        self.rendered = SingleFlightCache(options.cache_entries)
        self.model_limiter = anyio.CapacityLimiter(options.model_threads)
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

    async def model(self, fn: Callable[[], V]) -> V:
        """Model work on the few model threads; the event loop only awaits it."""
        return await anyio.to_thread.run_sync(fn, limiter=self.model_limiter)

    async def story_brief(self, entry: StoryEntry, fmt: str, words: int) -> Rendered:
        version = stable_id(*sorted(entry.article_ids))

        async def make() -> Brief:
            articles = await self.in_thread(lambda: self.collection().articles(entry.id))
            if not articles:
                raise ApiError(404, "not_found", f"story {entry.id} has no articles")
            return await self.model(partial(make_brief, articles, BriefOptions(words=words)))

        async def render_it() -> Rendered:
            brief = await self.briefs.get((entry.id, version, words), make)
            text = await self.in_thread(partial(render, brief, fmt))
            return Rendered(text.encode("utf-8"), MEDIA_TYPES[fmt], f'"{version}-{words}-{fmt}"')

        return await self.rendered.get((entry.id, version, fmt, words), render_it)


def _respond(rendered: Rendered, fmt: str, request: Request) -> Response:
    headers = {"ETag": rendered.etag, "Cache-Control": "no-cache"}
    if fmt == "html":
        headers["Content-Security-Policy"] = BRIEF_HTML_CSP
    if request.headers.get("if-none-match") == rendered.etag:
        return Response(status_code=304, headers=headers)
    return Response(rendered.body, media_type=rendered.media_type, headers=headers)


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

    app = FastAPI(
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
                first_seen=e.first_seen,
                last_seen=e.last_seen,
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
        entry = await service.in_thread(lambda: service.collection().story(story_id))
        if entry is None:
            raise ApiError(404, "not_found", f"no story with id {story_id}")
        rendered = await service.story_brief(entry, format, words)
        return _respond(rendered, format, request)

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
        service.waiting += 1
        try:
            brief = await service.model(partial(make_brief, parsed, BriefOptions(words=words)))
        finally:
            service.waiting -= 1
        if skipped:
            notes = tuple(f"article {s['index'] + 1} skipped: {s['reason']}" for s in skipped)
            brief = replace(brief, warnings=brief.warnings + notes)
        text = await service.in_thread(partial(render, brief, format))
        headers = {"Cache-Control": "no-store"}
        if format == "html":
            headers["Content-Security-Policy"] = BRIEF_HTML_CSP
        return Response(text.encode("utf-8"), media_type=MEDIA_TYPES[format], headers=headers)

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


__all__ = ["ApiError", "Collection", "ServeOptions", "SingleFlightCache", "StoryEntry", "create_app"]
