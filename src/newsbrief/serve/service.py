"""The server's state: the collection, the brief caches and the model worker, and the policy that
ties them (story ids trusted for ``story_ttl``, stale briefs served while new ones are made)."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import parse_qsl

import anyio
from starlette.types import Scope

from newsbrief import web
from newsbrief.errors import NewsbriefError
from newsbrief.model import stable_id
from newsbrief.serve.cache import Rendered, SingleFlightCache
from newsbrief.serve.errors import ApiError
from newsbrief.serve.options import MAX_WORDS, MEDIA_TYPES, MIN_WORDS, ServeOptions
from newsbrief.serve.source import Collection, StoryEntry
from newsbrief.serve.worker import ModelWorker, brief_in_worker, log_refresh_failure

V = TypeVar("V")


STORY_ID = re.compile(web.STORY_ID_PATTERN)
_BRIEF_PREFIX, _BRIEF_SUFFIX = "/v1/stories/", "/brief"


def _version(entry: StoryEntry) -> str:
    return stable_id(*sorted(entry.article_ids + entry.copy_ids))


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
            wanted = set(entry.article_ids) | set(entry.copy_ids)
            articles = [a for a in stored if a.id in wanted]
            if not articles:
                raise ApiError(404, "not_found", f"story {entry.id} has no articles")
            bodies = await self.worker.run(
                brief_in_worker, (entry.id, entry.title), articles, words, tuple(MEDIA_TYPES), ()
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
            asyncio.ensure_future(self.story_brief(entry, words)).add_done_callback(log_refresh_failure)
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
        rendered = formats[fmt]
        for name, value in scope["headers"]:
            if name == b"if-none-match":
                if value.decode("latin-1") == rendered.etag:
                    return 304, rendered.not_modified, b""
                break
        return 200, rendered.headers, rendered.body
