"""The collection service: the one way in to a stored collection for the CLI, the server and the runner.

Data flows one way: an adapter (``cli_collection``, ``serve``, ``runner``) calls this module, this
module calls the store (``newsbrief.store``, storage only) and the pipeline (``make_brief``), and the
adapter renders the ``Brief`` it gets back. No adapter talks to the store or builds a stored story's
brief itself, so one stored story has one brief whichever way it is asked for: the story keeps its
stored id and title, and its articles are its originals (copies left out) in the store's order.

``story_brief`` is the pure part (articles in, brief out) that the runner's and the server's worker
processes run; ``CollectionService.brief`` reads the story and calls it in-process.

Reads open the file read-only (SQLite ``mode=ro``), so a collection on read-only media can be
listed and briefed; writes on one fail with "collection is read-only".
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsbrief import briefcache
from newsbrief.briefcache import StoredBrief
from newsbrief.model import Article, Brief
from newsbrief.pipeline import BriefOptions
from newsbrief.store import Collection as Store
from newsbrief.store import (
    IngestReport,
    Prepared,
    StoreError,
    StoryRow,
    database_error,
    iso_time,
    upgrade,
)
from newsbrief.termvectors import Total

__all__ = [
    "CollectionService",
    "Ingested",
    "Page",
    "StoryPage",
    "StoryQuery",
    "iso_time",
    "story_brief",
    "upgrade_collection",
    "write_clustered",
]


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Which stories: last seen at or after ``since``, first seen at or before ``until``, and every
    word of ``text`` in the story's title or in an original article's title or text."""

    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """``limit`` stories (None: all) from ``offset``, newest first."""

    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class StoryPage:
    """One page of stories and how many match the query in all."""

    stories: tuple[StoryRow, ...]
    total: int
    members: dict[str, tuple[tuple[str, str], ...]]  # story id → (article id, outlet) of its originals


@dataclass(frozen=True, slots=True)
class Ingested:
    """What an ingest did, and the collection's size after it."""

    report: IngestReport
    stories: tuple[str, ...]  # the stories that hold the given articles (new or already stored)
    articles: int
    copies: int
    total_stories: int


def story_brief(story_id: str, title: str, articles: Sequence[Article], options: BriefOptions) -> Brief:
    """The brief of one stored story: ``make_brief`` of its original articles, with the story's
    stored id and title (the title of the brief's own making only when none is stored).

    Pure and picklable, so the runner's Dask workers and the server's model process run it; cost is
    that of ``make_brief`` (model work, seconds on a CPU).
    """
    from newsbrief.pipeline import make_brief

    brief = make_brief(articles, options)
    return replace(brief, story=replace(brief.story, id=story_id, title=title or brief.story.title))


class CollectionService:
    """One collection file, for any number of threads: each thread opens its own SQLite connection
    on first use (a connection belongs to the thread that opened it) and keeps it.

    ``create``: the caller writes (ingest, the server): the file is made when missing and upgraded
    to this newsbrief's schema when older (``store.upgrade``), before any reader opens it (readers
    cannot upgrade, and refuse a file older than ``store_schema.READABLE_FROM``). A file that needs
    the upgrade but cannot be written is still opened for reading when readers accept it (a server
    on read-only media serves it), and otherwise fails with the read-only error. Without
    ``create`` nothing is written, and a missing file or one too old to read is a ``StoreError``
    that says which command makes or upgrades it. Every method raises ``StoreError`` with the
    file's name when the file is not a collection, is damaged, or is read-only and the method writes.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False) -> None:
        self.path = Path(path)
        self._local = threading.local()
        not_upgraded: StoreError | None = None
        if create:  # once, before any thread opens its own connections
            with self._guard():
                if not self.path.exists() or self.path.stat().st_size == 0:
                    Store(self.path, create=True).close()
                else:
                    try:
                        upgrade(self.path)
                    except StoreError as exc:
                        not_upgraded = exc
        # Fail now, in the caller's thread, on a file that is not a collection.
        with self._guard():
            try:
                self._reader()
            except StoreError:
                if not_upgraded is not None:
                    raise not_upgraded from None  # why it could not be upgraded, e.g. read-only
                raise

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """SQLite errors after opening (a page damaged deep inside, a read-only file) name the file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from exc

    def _reader(self) -> Store:
        store: Store | None = getattr(self._local, "reader", None)
        if store is None:
            store = Store(self.path, readonly=True)
            self._local.reader = store
        return store

    def _writer(self) -> Store:
        store: Store | None = getattr(self._local, "writer", None)
        if store is None:
            store = Store(self.path)
            self._local.writer = store
        return store

    def close(self) -> None:
        """Close this thread's connections (other threads' close when their thread ends)."""
        for name in ("reader", "writer"):
            store = getattr(self._local, name, None)
            if store is not None:
                store.close()
                setattr(self._local, name, None)

    def __enter__(self) -> CollectionService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------------

    def ingest(
        self,
        articles: Sequence[Article],
        *,
        batch_size: int = 500,
        progress: Callable[[int, int], None] | None = None,
    ) -> Ingested:
        """Add ``articles`` (one transaction per ``batch_size``); already stored ids are skipped."""
        with self._guard():
            store = self._writer()
            report = store.ingest(articles, batch_size=batch_size, progress=progress)
            stories = tuple(store.stories_of([a.id for a in articles]))
            total, copies, count = store.counts()
        return Ingested(report, stories, total, copies, count)

    # -- reading --------------------------------------------------------------------------------

    def count(self) -> int:
        """How many stories the collection holds."""
        with self._guard():
            return self._reader().story_count()

    def stories(self, query: StoryQuery | None = None, page: Page | None = None) -> StoryPage:
        """Stories matching ``query``, newest first (by last article; undated last), then by id."""
        q, p = query or StoryQuery(), page or Page()
        with self._guard():
            store = self._reader()
            limit = p.limit if p.limit is not None else store.story_count()
            rows, total = store.story_page(
                limit=limit, offset=p.offset, since=q.since, until=q.until, query=q.text
            )
            members = store.story_members([r.id for r in rows])
        return StoryPage(tuple(rows), total, {k: tuple(v) for k, v in members.items()})

    def story(self, story_id: str) -> tuple[StoryRow, tuple[tuple[str, str], ...]] | None:
        """A story and the (article id, outlet) of its originals, or None when there is none."""
        with self._guard():
            store = self._reader()
            row = store.story_row(story_id)
            if row is None:
                return None
            return row, tuple(store.story_members([story_id])[story_id])

    def copies(self, story_id: str) -> tuple[str, ...]:
        """The ids of the story's linked copies, sorted (() when none or no such story)."""
        with self._guard():
            return tuple(self._reader().story_copies(story_id))

    def articles(self, story_id: str) -> list[Article]:
        """The story's articles in publication order, its linked copies included (a brief counts them
        as copies, never as independent outlets); [] when none."""
        with self._guard():
            return self._reader().story_articles(story_id, copies=True)

    def stored_brief(self, story_id: str, words: int) -> StoredBrief | None:
        """The rendered brief kept for the story at ``words`` (``newsbrief.briefcache``), or None."""
        with self._guard():
            return briefcache.load(self._reader(), story_id, words)

    def keep_brief(self, story_id: str, words: int, version: str, bodies: Mapping[str, bytes]) -> None:
        """Keep a rendered brief in the file, replacing the story's previous one at ``words``."""
        with self._guard():
            briefcache.save(self._writer(), story_id, words, version, bodies)

    def brief(self, story_id: str, options: BriefOptions | None = None) -> Brief:
        """The brief of stored story ``story_id`` (``StoreError`` when there is no such story)."""
        with self._guard():
            row, articles = self._reader().story(story_id, copies=True)
        return story_brief(row.id, row.title, articles, options or BriefOptions())


def upgrade_collection(path: str | os.PathLike[str]) -> bool:
    """Bring the collection file at ``path`` to this newsbrief's schema (``store.upgrade``) and check
    that it then reads; True when it was upgraded, False when it was current. ``newsbrief upgrade``.

    Raises ``StoreError`` naming the file when it is missing, not a collection, damaged, newer than
    this newsbrief, or needs the upgrade and is read-only. Cost: the upgrade steps, once.
    """
    target = Path(path)
    if not target.exists():
        raise StoreError(f"no such collection: {target} (create one with `newsbrief ingest`)")
    try:
        upgraded = upgrade(target)
        Store(target, readonly=True).close()
    except sqlite3.Error as exc:
        raise database_error(target, exc) from exc
    return upgraded


def write_clustered(
    path: str | os.PathLike[str],
    prepared: Sequence[Prepared],
    links: dict[str, str],
    stories: Sequence[tuple[str, str, float | None, float | None, Sequence[str]]],
    totals: dict[str, Total],
    df: npt.NDArray[np.int64],
    documents: int,
    *,
    center: npt.NDArray[np.float64] | None = None,
) -> None:
    """A new collection file at ``path`` (which must not exist) holding a whole clustered set: the
    batch runner's ``news.sqlite``. ``stories``: (id, title, first seen, last seen, member ids);
    ``totals``: each story's sum of centred rows (``termvectors.Total``), by story id.

    The file is left in rollback-journal mode, one self-contained file that reads from read-only
    media; a later ``ingest`` into it switches it to WAL. Raises ``StoreError`` naming the file.
    """
    target = Path(path)
    if target.exists():
        raise StoreError(f"{target} exists; the batch runner writes a new collection")
    try:
        with Store(target, create=True) as store:
            store.write_clustered(prepared, links, stories, totals, df, documents, center=center)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            store.db.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        raise database_error(target, exc) from exc
