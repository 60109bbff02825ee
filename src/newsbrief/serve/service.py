"""The server's state: the collection, the brief caches and the model worker, and the policy that
ties them (story ids trusted for ``story_ttl``, stale briefs served while new ones are made)."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, TypeVar

import anyio
from starlette.datastructures import QueryParams
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from newsbrief import web
from newsbrief.briefcache import MAKER, build_key
from newsbrief.errors import NewsbriefError
from newsbrief.model import stable_id
from newsbrief.serve.cache import Rendered, SingleFlightCache
from newsbrief.serve.errors import ApiError, log
from newsbrief.serve.options import MAX_WORDS, MEDIA_TYPES, MIN_WORDS, ServeOptions
from newsbrief.serve.schema import articles_from_records
from newsbrief.serve.source import Collection, StoreCollection, StoryEntry
from newsbrief.serve.worker import WorkerProcesses, brief_in_worker, ingest_in_worker, log_refresh_failure

V = TypeVar("V")


STORY_ID = re.compile(web.STORY_ID_PATTERN)


def brief_version(entry: StoryEntry) -> str:
    """The article set a brief is made of: the story's title and its article ids, copies included
    (a story re-titled or grown gets a new version, so a new brief and a new ETag)."""
    return stable_id(entry.title, *sorted(entry.article_ids + entry.copy_ids))


class Service:
    """The server's state: the collection, the caches, the worker processes and the limiter for
    model work."""

    def __init__(
        self, open_it: Callable[[], Collection], options: ServeOptions, secret: bytes | None = None
    ) -> None:
        self._open = open_it
        self.secret = secret  # the bearer token (None: none needed)
        self._collection: Collection | None = None
        self._opening = threading.Lock()
        self.options = options
        self.rendered = SingleFlightCache(options.cache_entries)  # (id, version, words) → {fmt: Rendered}
        self.entries = SingleFlightCache(4 * options.cache_entries)  # (id, period, writes) → StoryEntry
        # writes through this server per story: a new count makes that story's entry stale (the
        # other stories keep theirs, so cached reads of them stay on the fast path)
        self.writes: dict[str, int] = {}
        # the newest brief made of each (story, words), served while a story's next brief is made
        self.latest: OrderedDict[tuple[str, int], dict[str, Rendered]] = OrderedDict()
        self.worker = WorkerProcesses("brief", options.model_workers, models=True, warm=options.warm_model)
        self.ingester = WorkerProcesses("ingest", 1, models=False, warm=False)
        self.waiting = 0
        self.brief_route: BaseRoute | None = None  # set by ``create_app``: the fast path matches it

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

    async def ingest(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        """Posted records into the collection, parsed and clustered in the ingest worker process
        (CPU work there cannot hold this process's GIL); in a thread for a collection that is not a
        file (an embedding app's own ``Collection``). Returns the ``IngestResult`` fields."""
        collection = await self.in_thread(self.collection)
        if isinstance(collection, StoreCollection):
            result = await self.ingester.run(ingest_in_worker, str(collection.path), records)
        else:
            parsed, skipped = await self.in_thread(partial(articles_from_records, records, where="body"))
            added = await self.in_thread(lambda: collection.add(parsed)) if parsed else None
            result = {
                "received": len(records),
                "added": added.added if added else 0,
                "skipped": skipped,
                "stories": list(added.stories) if added else [],
            }
        for story_id in result["stories"]:  # stories read before this write are read again
            self.writes[story_id] = self.writes.get(story_id, 0) + 1
        return result

    def _entry_key(self, story_id: str) -> tuple[str, int, int]:
        # Keys age by period: an entry older than the period is read again (and the LRU drops it).
        return (story_id, int(time.monotonic() / self.options.story_ttl), self.writes.get(story_id, 0))

    async def entry(self, story_id: str) -> StoryEntry | None:
        """The story's current article ids, read at most once a period (concurrent reads share one)."""
        return await self.entries.get(
            self._entry_key(story_id), lambda: self.in_thread(lambda: self.collection().story(story_id))
        )

    def _remember(self, story_id: str, words: int, made: dict[str, Rendered]) -> None:
        self.latest[(story_id, words)] = made
        self.latest.move_to_end((story_id, words))
        while len(self.latest) > self.options.cache_entries:
            self.latest.popitem(last=False)

    async def brief(self, entry: StoryEntry, words: int) -> dict[str, Rendered]:
        """The story's brief in every format: from memory, else from the collection file (a brief
        kept before a restart), else made in the worker. A kept brief of an earlier article set is
        served while the new one is made, as in memory (``ready_brief``)."""
        ready = self.ready_brief(entry, words)
        if ready is not None:
            return ready
        kept = await self.in_thread(lambda: self.collection().stored_brief(entry.id, words))
        if kept is not None and kept.maker == MAKER and set(kept.bodies) == set(MEDIA_TYPES):
            made = _rendered(kept.bodies, kept.version, words)
            version = brief_version(entry)
            if kept.version == version:
                self.rendered.put((entry.id, version, words), made)
            if (entry.id, words) not in self.latest:
                self._remember(entry.id, words, made)
            ready = self.ready_brief(entry, words)
            if ready is not None:
                return ready
        return await self.story_brief(entry, words)

    async def story_brief(self, entry: StoryEntry, words: int) -> dict[str, Rendered]:
        """The story's brief in every format, made once per article set and kept in the file."""
        version = brief_version(entry)

        async def make() -> dict[str, Rendered]:
            stored = await self.in_thread(lambda: self.collection().articles(entry.id))
            # an article stored since the entry was read waits for the entry's next key
            wanted = set(entry.article_ids) | set(entry.copy_ids)
            articles = [a for a in stored if a.id in wanted]
            if not articles:
                raise ApiError(404, "not_found", f"story {entry.id} has no articles")
            bodies = await self.worker.run(
                brief_in_worker, (entry.id, entry.title), articles, words, tuple(MEDIA_TYPES), ()
            )
            await self.in_thread(partial(self._keep, entry.id, words, version, bodies))
            made = _rendered(bodies, version, words)
            self._remember(entry.id, words, made)  # a newer article set always has a later entry
            return made

        result: dict[str, Rendered] = await self.rendered.get((entry.id, version, words), make)
        return result

    def _keep(self, story_id: str, words: int, version: str, bodies: dict[str, bytes]) -> None:
        try:
            self.collection().keep_brief(story_id, words, version, bodies)
        except NewsbriefError as exc:  # a read-only collection: served from memory only
            log.info("the brief of story %s is not kept in the file: %s", story_id, exc)

    def ready_brief(self, entry: StoryEntry, words: int) -> dict[str, Rendered] | None:
        """The story's brief if one can be sent now: of its current articles, or else (stale while
        revalidating) the newest one made before it gained articles, while the new one is made.

        Readers of a story that keeps growing get an answer at once instead of queueing behind the
        model; the brief they get is consistent in itself, with its own ETag.
        """
        key = (entry.id, brief_version(entry), words)
        current: dict[str, Rendered] | None = self.rendered.peek(key)
        if current is not None:
            return current
        stale = self.latest.get((entry.id, words))
        if stale is not None and not self.rendered.flying(key):
            asyncio.ensure_future(self.story_brief(entry, words)).add_done_callback(log_refresh_failure)
        return stale

    def cached_brief(self, scope: Scope) -> tuple[int, tuple[tuple[bytes, bytes], ...], bytes] | None:
        """The response to a GET of an already rendered brief, or None to take the routed path.

        The path is matched by the brief route itself (Starlette's ``Route.matches``) and the query
        read by Starlette's ``QueryParams``, as the route would; anything unusual (an invalid id or
        parameter, a stale or missing entry) returns None, and the route validates and answers it.
        """
        route = self.brief_route
        if route is None:
            return None
        match, child = route.matches(scope)
        if match is not Match.FULL:
            return None
        story_id = child["path_params"].get("story_id", "")
        if not STORY_ID.match(story_id):
            return None
        fmt, words = "json", self.options.words
        if scope.get("query_string"):
            params = QueryParams(scope["query_string"])
            fmt = params.get("format", fmt).strip().lower()  # any case, as the route reads it
            given = params.get("words")
            if given is not None:
                if not (given.isascii() and given.isdigit() and len(given) <= len(str(MAX_WORDS))):
                    return None
                words = int(given)
            if fmt not in MEDIA_TYPES or not MIN_WORDS <= words <= MAX_WORDS:
                return None
        entry: StoryEntry | None = self.entries.peek(self._entry_key(story_id))
        if entry is None:
            return None
        formats = self.ready_brief(entry, words)
        if formats is None:
            return None
        return formats[fmt].answer(scope["headers"])


def _rendered(bodies: Mapping[str, bytes], version: str, words: int) -> dict[str, Rendered]:
    # The ETag names the code too (``build_key``): after an upgrade the same article set gives other
    # bytes, and a client holding the old ETag must not be told its old brief is current (304).
    build = build_key()
    return {fmt: Rendered.of(body, fmt, f'"{version}-{words}-{fmt}-{build}"') for fmt, body in bodies.items()}
