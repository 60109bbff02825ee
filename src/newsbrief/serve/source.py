"""The collection as the server sees it: stories without their texts, behind a small protocol.

``StoreCollection`` adapts ``newsbrief.collection.CollectionService`` (the one way in to a stored
collection for every adapter) to it; every method blocks and runs in worker threads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from newsbrief.briefcache import StoredBrief
from newsbrief.collection import CollectionService, Page, StoryQuery
from newsbrief.model import Article


@dataclass(frozen=True, slots=True)
class StoryEntry:
    """A stored story without its article texts: enough to list it and to key its cached brief."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    copy_ids: tuple[str, ...] = ()  # its linked copies: briefed as copies, never listed as outlets


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

    def stored_brief(self, story_id: str, words: int) -> StoredBrief | None: ...

    def keep_brief(self, story_id: str, words: int, version: str, bodies: Mapping[str, bytes]) -> None: ...


class StoreCollection:
    """``newsbrief.collection.CollectionService`` behind the server's ``Collection`` interface.

    The service keeps one SQLite connection per thread (the server calls from a pool of worker
    threads), opens reads read-only, and names the file in every error. The file is in WAL mode:
    reads never wait for a writer, in this process or another, and writers queue on the store's
    busy timeout instead of failing with "database is locked". Copies (near-duplicates) are left out
    of article lists and outlet names; a story's brief includes them, counted as copies.
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
        entry = _entry(row.id, row.title, members, row.first_seen, row.last_seen)
        return replace(entry, copy_ids=self.service.copies(story_id))

    def articles(self, story_id: str) -> list[Article]:
        return self.service.articles(story_id)

    def stored_brief(self, story_id: str, words: int) -> StoredBrief | None:
        return self.service.stored_brief(story_id, words)

    def keep_brief(self, story_id: str, words: int, version: str, bodies: Mapping[str, bytes]) -> None:
        self.service.keep_brief(story_id, words, version, bodies)


def _entry(
    sid: str, title: str, members: Sequence[tuple[str, str]], first: datetime | None, last: datetime | None
) -> StoryEntry:
    outlets = tuple(dict.fromkeys(outlet for _aid, outlet in members))
    return StoryEntry(sid, title, tuple(aid for aid, _outlet in members), outlets, first, last)


def open_collection(db_path: str | Path) -> StoreCollection:
    """The store at ``db_path`` (created when missing) behind the ``Collection`` interface.

    Raises ``StoreError`` naming the file when it is not a collection (another SQLite file, a text
    file, a directory), is damaged, or has a newer schema: ``serve`` calls this before it binds.
    """
    return StoreCollection(db_path)
