"""The app factory: the FastAPI app with its middleware, error handlers, routes (``routes``) and
static assets over one ``Service``."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from newsbrief import __version__
from newsbrief.errors import NewsbriefError
from newsbrief.serve.cache import CachedBriefs
from newsbrief.serve.errors import on_bug, on_http, on_library, on_validation
from newsbrief.serve.guard import BodyLimit, Guard, HeadAsGet, HostGuard, TokenGate
from newsbrief.serve.options import ServeOptions
from newsbrief.serve.routes import PROTECTED, add_routes
from newsbrief.serve.schema import finish_openapi
from newsbrief.serve.service import Service
from newsbrief.serve.source import Collection, open_collection


def create_app(
    db_path: str | Path,
    token: str | None = None,
    *,
    options: ServeOptions | None = None,
    allowed_hosts: Sequence[str] | None = None,
    collection: Collection | None = None,
) -> FastAPI:
    """The ASGI app serving the collection in ``db_path``.

    ``token``: when set, writes and model work (``routes.PROTECTED``) need ``Authorization:
    Bearer <token>``. ``allowed_hosts``: Host header values accepted (the CLI passes the loopback
    names when bound to loopback, which stops DNS-rebinding pages from talking to a local server);
    ``None`` accepts any. ``collection``: an already open collection to serve instead of opening
    ``db_path`` (for embedding the app).

    Middleware, outermost first: security headers (``Guard``) → Host (400) → token (401, from the
    headers alone) → body size (413) → HEAD as GET → cached briefs (the fast path) → gzip → routes.
    """
    opts = options or ServeOptions()
    secret = token.encode("utf-8") if token else None
    service = Service(
        (lambda: collection) if collection is not None else partial(open_collection, db_path), opts, secret
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Spawned here, from the main thread: on Linux they die with it (``lifeline``). The model
        # process loads the models while nobody waits.
        service.worker.start()
        service.ingester.start()
        try:
            yield
        finally:
            service.worker.close()
            service.ingester.close()

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
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(NewsbriefError, on_library)
    app.add_exception_handler(Exception, on_bug)
    # added innermost first
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    app.add_middleware(CachedBriefs, service=service)
    app.add_middleware(HeadAsGet)
    app.add_middleware(BodyLimit, max_body_bytes=opts.max_body_bytes)
    if secret is not None:
        app.add_middleware(TokenGate, secret=secret, protected=PROTECTED)
    if allowed_hosts:
        app.add_middleware(HostGuard, allowed_hosts=list(allowed_hosts))
    app.add_middleware(Guard)

    add_routes(app, service)
    service.brief_route = next(r for r in app.routes if getattr(r, "name", None) == "story_brief")
    _finish_openapi(app, set(PROTECTED) if secret is not None else set())
    # Starlette's StaticFiles: ETag and 304, content types, and paths kept inside the folder.
    app.mount("/assets", Assets(packages=[("newsbrief", "assets")]), name="assets")

    return app


def _finish_openapi(app: FastAPI, protected: set[tuple[str, str]]) -> None:
    """The OpenAPI document as the server really answers (``schema.finish_openapi``): the brief's
    JSON Schema, our error shape and statuses, and the bearer scheme on ``protected`` routes."""
    make = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = finish_openapi(make(), protected)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend it


class Assets(StaticFiles):
    """The page's script and stylesheet. Their URLs carry a content version (``web._asset_url``),
    so a browser may keep them an hour without asking."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response
