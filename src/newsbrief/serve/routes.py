"""The routes: the JSON API under ``/v1``, the health check and the web page's HTML shells.

No ``from __future__ import annotations`` here: FastAPI reads the routes' annotations at run time,
and they name values local to ``add_routes`` (the path parameter, the limits in ``ServeOptions``).
"""

from functools import partial
from typing import Annotated

from fastapi import Body, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from newsbrief import __version__, web
from newsbrief.serve.cache import respond
from newsbrief.serve.errors import ApiError
from newsbrief.serve.guard import has_token
from newsbrief.serve.options import BRIEF_HTML_CSP, MAX_WORDS, MEDIA_TYPES, MIN_WORDS, FormatParam
from newsbrief.serve.schema import (
    BRIEF_REF,
    ArticleIn,
    Health,
    IngestResult,
    StoryOut,
    StoryPage,
    articles_from,
    day_bound,
)
from newsbrief.serve.service import Service
from newsbrief.serve.worker import brief_in_worker
from newsbrief.store import iso_time

# The JSON form's schema is the brief's own (``Brief.json_schema``, added by ``add_brief_schema``).
BRIEF_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "content": {
            t: {"schema": {"$ref": BRIEF_REF}} if f == "json" else {} for f, t in MEDIA_TYPES.items()
        },
        "description": "The brief.",
    }
}


# The routes that need the bearer token when the server has one: writes and model work. Checked
# by ``guard.TokenGate`` from the headers, before the body is read.
PROTECTED = frozenset({("POST", "/v1/articles"), ("POST", "/v1/brief")})


def add_routes(app: FastAPI, service: Service) -> None:
    """Add every route to ``app``."""
    opts = service.options

    story_id_param = PathParam(pattern=web.STORY_ID_PATTERN, max_length=64, description="A story id.")

    @app.get("/healthz", response_model=Health, tags=["meta"])
    async def healthz() -> Health:
        """Liveness: answers when the server runs and its collection can be read."""
        count = await service.in_thread(lambda: service.collection().count())
        return Health(status="ok", version=__version__, stories=count)

    @app.post("/v1/articles", response_model=IngestResult, tags=["collection"], status_code=200)
    async def post_articles(
        articles: Annotated[list[ArticleIn], Body(max_length=opts.max_articles)],
    ) -> IngestResult:
        """Add articles to the collection; unusable records are skipped and listed with their reason.

        Parsed and clustered in the ingest worker process; answered once the articles are stored."""
        records = [a.model_dump(exclude_none=True) for a in articles]
        return IngestResult(**await service.ingest(records))

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
        lo, hi = day_bound(since, "since", end=False), day_bound(until, "until", end=True)
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
        responses=BRIEF_RESPONSES,
    )
    async def story_brief(
        request: Request,
        story_id: Annotated[str, story_id_param],
        format: Annotated[FormatParam, Query(description="json, md or html (any case)")] = "json",
        words: Annotated[int, Query(ge=MIN_WORDS, le=MAX_WORDS)] = opts.words,
    ) -> Response:
        """The brief of one stored story, cached per (story, article set, format, words) in memory
        and in the collection file; ETag, 304 on ``If-None-Match``, gzip on ``Accept-Encoding``."""
        entry = await service.entry(story_id)
        if entry is None:
            raise ApiError(404, "not_found", f"no story with id {story_id}")
        if words != opts.words and not has_token(request.scope, service.secret):
            # Model work at a budget of the client's choosing (each one a new brief) is for token
            # holders, as ad-hoc briefs are; a brief already made is served to anyone.
            ready = service.ready_brief(entry, words)
            if ready is None:
                raise ApiError(
                    401,
                    "unauthorized",
                    f"briefs at a budget other than {opts.words} words need 'Authorization: Bearer <token>'",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return respond(ready[format], request)
        return respond((await service.brief(entry, words))[format], request)

    @app.post(
        "/v1/brief",
        tags=["brief"],
        responses=BRIEF_RESPONSES,
    )
    async def adhoc_brief(
        articles: Annotated[list[ArticleIn], Body(min_length=1, max_length=opts.max_brief_articles)],
        format: Annotated[FormatParam, Query(description="json, md or html (any case)")] = "json",
        words: Annotated[int, Query(ge=MIN_WORDS, le=MAX_WORDS)] = opts.words,
    ) -> Response:
        """A brief of the posted articles taken as one story. Nothing is stored."""
        parsed, skipped = await service.in_thread(partial(articles_from, articles, where="body"))
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
            bodies = await service.worker.run(brief_in_worker, None, parsed, words, (format,), notes)
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
    async def stories_page(request: Request) -> Response:
        query, notes = web.ListQuery.from_params(request.query_params)
        return page(await service.in_thread(lambda: web.stories_page(service.collection(), query, notes)))

    @app.get("/stories/{story_id}", include_in_schema=False)
    async def story_page(story_id: Annotated[str, story_id_param]) -> Response:
        entry = await service.entry(story_id)
        if entry is None:
            raise ApiError(404, "not_found", f"no story with id {story_id}")
        formats = service.ready_brief(entry, opts.words) or await service.story_brief(entry, opts.words)
        return page(web.story_page(story_id, formats["html"].body.decode("utf-8")))

    @app.get("/brief", include_in_schema=False)
    async def adhoc_page() -> Response:
        return page(web.adhoc_page())
