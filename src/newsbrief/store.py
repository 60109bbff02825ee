"""A persistent collection of articles and stories in one SQLite file: storage only.

Why SQLite: it is in the standard library, and in WAL mode a reader (``newsbrief stories``, the web
page) keeps working while another process ingests. Writes run in transactions the caller opens
(``transaction``); the incremental-ingest algorithm that uses them is ``newsbrief.incremental``,
and every adapter reaches the collection through ``newsbrief.collection``.

The schema is a list of migration steps keyed by ``PRAGMA user_version``; a file that is not a
newsbrief collection is refused with a ``StoreError`` rather than modified. Reads may open the file
read-only (``mode=ro``), which writes nothing. The steps themselves are in ``store_schema``.

Why one class of ~650 lines: every read and write here shares one connection, its transaction and
its chunked ``IN`` helper, and each method is a few lines of SQL; splitting the rows by table would
spread one transaction's statements over several objects that must then share the connection.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsbrief.cluster import (
    FEATURES,
    ClusterOptions,
    TermCounts,
    Total,
    term_counts,
)
from newsbrief.controls import strip_controls
from newsbrief.dates import as_utc_if_naive, iso8601
from newsbrief.debris import reason as debris_reason
from newsbrief.dedupe import SCHEME, Fingerprint, band_keys, fingerprint
from newsbrief.errors import StoreError as StoreError  # re-exported: it used to live here
from newsbrief.model import Article
from newsbrief.order import timestamp
from newsbrief.store_schema import APPLICATION, MIGRATIONS, READABLE_FROM, SCHEMA_VERSION, TABLES
from newsbrief.storyindex import OpenStory


def iso_time(when: datetime | None) -> str | None:
    """The one timestamp format of every output (``stories --json``, ``run``, HTTP): ISO 8601 in UTC
    with an explicit offset, to the second, e.g. ``2024-03-05T08:00:00+00:00``. Naive datetimes are
    read as UTC (as the pipeline orders them); the formatting itself is ``dates.iso8601``."""
    if when is None:
        return None
    return iso8601(as_utc_if_naive(when).astimezone(UTC))


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as the collection lists it: copies are counted apart and never as outlets."""

    id: str
    title: str
    first_seen: datetime | None
    last_seen: datetime | None
    articles: int
    copies: int
    outlets: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "first_seen": iso_time(self.first_seen),
            "last_seen": iso_time(self.last_seen),
            "articles": self.articles,
            "copies": self.copies,
            "outlets": self.outlets,
        }


@dataclass(frozen=True, slots=True)
class IngestReport:
    added: int
    copies: int
    already_stored: int
    stories_touched: int


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article with everything ingest computes from it alone (done in parallel by the runner)."""

    article: Article
    terms: TermCounts
    print: Fingerprint
    debris: bool  # no news article (``debris.reason``): no terms, never a copy or an original


def prepare(article: Article) -> Prepared:
    debris = debris_reason(article) is not None
    return Prepared(article, term_counts(article, debris=debris), fingerprint(article.text), debris)


@dataclass(frozen=True, slots=True)
class StoredStory:
    """A story row as ingest reads it back: ``total`` has ``along`` 0 (``CentredRows.adopt`` sets it
    under a batch's centre) and is None for a story stored before schema 4 (no exact vector sum:
    rebuild it from its articles)."""

    id: str
    total: Total | None
    size: int
    first_seen: float | None
    last_seen: float | None
    title: str
    seq: int


def pack_sparse(indices: npt.NDArray[np.int32], values: npt.NDArray[np.float64]) -> bytes:
    """A sparse vector as one blob: the count (4 bytes, little-endian), the int32 ids, the float64 values."""
    count = np.array([len(indices)], dtype="<u4").tobytes()
    return count + np.asarray(indices, dtype="<i4").tobytes() + np.asarray(values, dtype="<f8").tobytes()


def unpack_sparse(blob: bytes) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
    """The inverse of ``pack_sparse``. Raises ``StoreError`` on a blob of the wrong length."""
    count = int(np.frombuffer(blob[:4], dtype="<u4")[0]) if len(blob) >= 4 else -1
    if count < 0 or len(blob) != 4 + 12 * count:
        raise StoreError(f"a stored vector is damaged ({len(blob)} bytes)")
    indices = np.frombuffer(blob, dtype="<i4", count=count, offset=4).astype(np.int32)
    values = np.frombuffer(blob, dtype="<f8", count=count, offset=4 + 4 * count).astype(np.float64)
    return indices, values


def _search_tokens(term: str) -> list[str]:
    """A query word's tokens as the FTS5 tokenizer (unicode61) splits text: runs of letters and
    digits, so punctuation in a query never becomes FTS5 syntax."""
    return re.findall(r"[^\W_]+", term)


def _article(record: str) -> Article:
    """A stored article record as an ``Article``, without the control characters a collection
    written before ingest removed them may hold (``controls``): every adapter prints these."""
    data = json.loads(record)
    for key in ("text", "title", "outlet", "url"):
        if isinstance(data.get(key), str):
            data[key] = strip_controls(data[key])
    return Article.from_dict(data)


def _sql_int(n: int) -> int:
    """``n`` within 0 and SQLite's largest integer (2**63 - 1): a LIMIT or OFFSET past it, such as
    ``stories -n 99999999999999999999``, means "all" or "none", not an OverflowError."""
    return max(0, min(n, 2**63 - 1))


def _when(value: float | None) -> datetime | None:
    """A stored timestamp as a UTC datetime; None when undated, or when a collection written before
    ingest refused implausible dates holds one outside the calendar (year 0 or 10000 in UTC)."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def database_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """A SQLite error on ``path`` as a message a user can act on, naming the file."""
    reason = str(exc)
    if "unable to open" in reason and path.is_file() and not _writable(path):
        reason = "cannot write the file or make its journal beside it"
    if "readonly" in reason or "read-only" in reason or "cannot write" in reason:
        return StoreError(
            f"{path}: collection is read-only ({reason}); copy it somewhere writable to add to it"
        )
    if "malformed" in reason or "corrupt" in reason:
        return StoreError(
            f"{path} is damaged ({reason}); restore it from a backup, or rebuild it with `newsbrief ingest`"
        )
    if "not a database" in reason:
        return StoreError(f"{path} is not a newsbrief collection ({reason})")
    return StoreError(f"{path}: {reason}")


def _writable(path: Path) -> bool:
    """Whether this process can write ``path`` and create files beside it (SQLite's journal).

    Tried rather than asked: ``os.access`` says yes to root even on read-only mounts and immutable
    files. Called only after SQLite failed to open the file.
    """
    try:
        with open(path, "r+b"), tempfile.TemporaryFile(dir=path.parent):
            return True
    except OSError:
        return False


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that writes nothing (SQLite ``mode=ro``). Raises ``sqlite3.Error``."""
    uri = path.resolve().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30.0, isolation_level=None)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL-mode file in a folder this process cannot write: SQLite cannot make the shared-
        # memory file a reader needs. Nobody can write there either, so read it as immutable.
        db.close()
        db = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
    return db


def upgrade(path: str | os.PathLike[str]) -> bool:
    """Bring the collection file at ``path`` to this newsbrief's schema: open it writable once and
    run the ``store_schema`` steps it lacks (one transaction). True when it did; False, writing
    nothing, when there was nothing to do: the file is current, newer, missing, empty or not a
    collection (opening it then says which). Every command that writes calls this before it opens
    readers, which refuse a file older than ``READABLE_FROM``; ``newsbrief upgrade`` calls it alone.

    Raises ``StoreError`` naming the file when it needs the upgrade but cannot be written (read-only
    media: "collection is read-only") or is damaged. Cost: reading ``user_version``; the steps
    themselves once (schema 2's search index reads every stored article).
    """
    target = Path(path)
    if not target.is_file() or target.stat().st_size == 0:
        return False
    try:
        db = _connect_readonly(target)
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False  # not a database, or damaged: the open that follows names the problem
    if not 0 < version < SCHEMA_VERSION:
        return False
    Collection(target).close()  # a writable open runs the missing steps
    return True


def _write_schema(db: sqlite3.Connection) -> None:
    """Write the whole current schema into the empty database ``db``, in one transaction."""
    steps = "".join(MIGRATIONS)
    db.executescript(f"BEGIN IMMEDIATE;{steps}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;")
    # the MinHash scheme the signatures are made with (see ``Collection.refresh_signatures``)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('dedupe', ?)", (SCHEME,))


def _create_whole(path: Path) -> bool:
    """Make a new collection at the missing ``path`` in one step: the schema is written to a file
    beside it, which is then hard-linked to ``path`` (fails if anything is there by then). So no
    process ever sees a half-made collection, and an empty file at ``path`` is never one of ours.

    True when the file at ``path`` is now a whole collection (made here, or by another process
    that got there first); False when this file system has no hard links (the caller then creates
    it in place, as SQLite does). Raises ``StoreError`` when the folder cannot be written.
    Cost: one small file written and renamed.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.new")
    try:
        # 0o666 less the umask, as SQLite makes its files (mkstemp would make 0600)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {exc.strerror}") from exc
    try:
        db = sqlite3.connect(tmp, isolation_level=None)
        try:
            _write_schema(db)
        except sqlite3.Error as exc:
            raise database_error(path, exc) from exc
        finally:
            db.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            return True  # another process made it first; opening it checks what it is
        except OSError:
            return False
        return True
    finally:
        tmp.unlink(missing_ok=True)


class Collection:
    """One SQLite collection file. Use as a context manager; every write is a transaction.

    ``create``: make the file when missing. ``readonly``: open it with SQLite's ``mode=ro``, which
    writes nothing, so a collection on read-only media or owned by someone else can still be read;
    any write through it fails with "collection is read-only".
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False, readonly: bool = False) -> None:
        if not os.fspath(path):  # Path("") is ".", which would be reported as a directory
            raise StoreError("no collection file named (the name is empty)")
        self.path = Path(path)
        self.readonly = readonly
        if (readonly or not create) and not self.path.exists():
            raise StoreError(f"no such collection: {self.path} (create one with `newsbrief ingest`)")
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory, not a collection file")
        if not self.path.parent.is_dir():  # SQLite would only say "unable to open database file"
            raise StoreError(f"cannot create {self.path}: directory {self.path.parent} does not exist")
        made = create and not readonly and not self.path.exists() and _create_whole(self.path)
        if create and not made and self.path.is_file() and self.path.stat().st_size == 0:
            # SQLite takes an empty file for an empty database and would fill it; new collections
            # appear whole (``_create_whole``), so an empty file is the user's (a typo, a placeholder)
            raise StoreError(
                f"{self.path} is an empty file, not a newsbrief collection; "
                "name a new file, or delete this one, to create a collection there"
            )
        try:
            self.db = self._connect()
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from exc
        try:
            self.db.execute("PRAGMA busy_timeout = 30000")
            self._check_or_create(create and not readonly)
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise database_error(self.path, exc) from exc
        except StoreError:
            self.db.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        if not self.readonly:
            return sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        return _connect_readonly(self.path)

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- schema ---------------------------------------------------------------------------------

    def _check_or_create(self, create: bool) -> None:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and not tables:
            if not create:
                raise StoreError(f"{self.path} is an empty file, not a newsbrief collection")
            self._migrate(0)  # no hard links here (``_create_whole``): made in place, as before
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('dedupe', ?)", (SCHEME,))
            return
        app = None
        if "meta" in tables:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
            app = row[0] if row else None
        if app != APPLICATION or not tables >= TABLES:
            shown = ", ".join(sorted(tables)[:5]) or "none"
            raise StoreError(
                f"{self.path} is an SQLite file but not a newsbrief collection (tables: {shown})"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has collection schema {version}; this newsbrief reads up to {SCHEMA_VERSION}"
            )
        if version < SCHEMA_VERSION:
            if self.readonly and version >= READABLE_FROM:
                return
            if self.readonly:
                raise StoreError(
                    f"{self.path} has collection schema {version}, which this newsbrief reads only after "
                    f"upgrading it to {SCHEMA_VERSION}; upgrade it with `newsbrief upgrade --db {self.path}` "
                    "(an ingest into it or a server on it upgrades it too)"
                )
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Run the steps from ``version`` on as one script, one transaction: a crash leaves the file
        as it was, never half a schema. Another process may have upgraded the file between reading
        ``version`` and taking the write lock (two ingests started on one old file): its steps then
        fail on what they would create, and the file, already current, is taken as it is."""
        steps = "".join(MIGRATIONS[version:])
        try:
            self.db.executescript(f"BEGIN IMMEDIATE;{steps}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;")
        except sqlite3.OperationalError:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if int(self.db.execute("PRAGMA user_version").fetchone()[0]) != SCHEMA_VERSION:
                raise

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- incremental ingest: the algorithm is ``newsbrief.incremental``; these are its rows -------

    def ingest(
        self,
        articles: Sequence[Article],
        *,
        batch_size: int = 500,
        options: ClusterOptions | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> IngestReport:
        """``newsbrief.incremental.ingest`` into this collection (see there)."""
        from newsbrief.incremental import ingest

        return ingest(self, articles, batch_size=batch_size, options=options, progress=progress)

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (``BEGIN IMMEDIATE``): committed at the end, rolled back on error."""
        return self._transaction()

    def refresh_signatures(self) -> None:
        """Recompute the stored signatures and bands once when another MinHash scheme made them (a
        collection written before ``dedupe.SCHEME``): new articles are then compared like with like.
        Existing copy links are kept. Cost: one fingerprint per stored article, once."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'dedupe'").fetchone()
        if row is not None and row[0] == SCHEME:
            return
        with self._transaction():
            row = self.db.execute("SELECT value FROM meta WHERE key = 'dedupe'").fetchone()
            if row is not None and row[0] == SCHEME:
                return  # another process refreshed them while this one waited for the lock
            ids = [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY seq")]
            self.db.execute("DELETE FROM bands")
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(f"SELECT id, record FROM articles WHERE id IN ({marks})", chunk)
                for aid, record in rows.fetchall():
                    signature = fingerprint(json.loads(record)["text"]).signature
                    self.db.execute(
                        "UPDATE articles SET signature = ? WHERE id = ?", (signature.tobytes(), aid)
                    )
                    self.db.executemany(
                        "INSERT OR IGNORE INTO bands VALUES (?, ?)", [(k, aid) for k in band_keys(signature)]
                    )
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('dedupe', ?)", (SCHEME,))

    def article_text(self, article_id: str) -> str:
        """The stored text of one article (the exact copy check reads it for LSH candidates only)."""
        (record,) = self.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return str(json.loads(record)["text"])

    def insert_article(self, p: Prepared, seq: int, original: str | None, story_id: str) -> None:
        """Store an article with its fingerprint and LSH bands; ``original``: the article it copies."""
        a = p.article
        self.db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.id,
                seq,
                timestamp(a.published),
                a.outlet,
                json.dumps(a.to_dict(), ensure_ascii=False, sort_keys=True),
                p.print.text_key,
                p.print.signature.tobytes(),
                original,
                story_id,
            ),
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO bands VALUES (?, ?)", [(k, a.id) for k in band_keys(p.print.signature)]
        )
        if original is None:
            self.db.execute(
                "INSERT INTO article_search (rowid, title, text) "
                "SELECT rowid, ?, ? FROM articles WHERE id = ?",
                (a.title, a.text, a.id),
            )

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are stored."""
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found |= {r[0] for r in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)}
        return found

    def text_keys(self, ids: Sequence[str]) -> dict[str, str]:
        """The stored text hash (``dedupe.Fingerprint.text_key``) of each of ``ids`` that is stored."""
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT id, text_key FROM articles WHERE id IN ({marks})", chunk)
            found.update((str(i), str(k)) for i, k in rows)
        return found

    def last_article_seq(self) -> int:
        """The highest article sequence number (0 when empty): articles are numbered as stored."""
        return int(self.db.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0])

    def last_story_seq(self) -> int:
        """The highest story sequence number (0 when empty)."""
        return int(self.db.execute("SELECT coalesce(max(seq), 0) FROM stories").fetchone()[0])

    def story_of_article(self, article_id: str) -> str:
        """The story that holds a stored article."""
        row = self.db.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return str(row[0])

    def same_text(self, text_key: str) -> str | None:
        """The original of the first stored article with exactly this text (its own id or its
        original's), or None."""
        row = self.db.execute(
            "SELECT id, duplicate_of FROM articles WHERE text_key = ? ORDER BY seq LIMIT 1", (text_key,)
        ).fetchone()
        return str(row[1] or row[0]) if row else None

    def band_neighbours(self, signature: npt.NDArray[np.uint32]) -> list[tuple[str, str, Fingerprint]]:
        """Stored articles sharing an LSH band with ``signature``, oldest first: (their own id, their
        original's id, their fingerprint)."""
        keys = band_keys(signature)
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT DISTINCT a.id, a.duplicate_of, a.signature, a.text_key, a.seq FROM bands b "
            f"JOIN articles a ON a.id = b.article_id WHERE b.key IN ({marks}) ORDER BY a.seq",
            keys,
        ).fetchall()
        return [
            (str(aid), str(dup or aid), Fingerprint(text_key, np.frombuffer(sig, dtype=np.uint32)))
            for aid, dup, sig, text_key, _seq in rows
        ]

    def frequencies(self) -> tuple[npt.NDArray[np.int64], int]:
        """Document frequency of every hashed term, and the number of documents counted."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'df'").fetchone()
        docs = self.db.execute("SELECT value FROM meta WHERE key = 'documents'").fetchone()
        if row is None:
            return np.zeros(FEATURES, dtype=np.int64), 0
        return np.frombuffer(row[0], dtype=np.int32).astype(np.int64), int(docs[0])

    def save_frequencies(self, df: npt.NDArray[np.int64], documents: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('df', ?)", (df.astype(np.int32).tobytes(),))
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('documents', ?)", (documents,))

    def center_terms(self) -> npt.NDArray[np.float64] | None:
        """The sum of the stored originals' uncentred unit rows (F floats), zeros for a new
        collection, or None when a collection made before schema 4 has not had it rebuilt yet."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'center_terms'").fetchone()
        if row is None:
            return np.zeros(FEATURES, dtype=np.float64) if self.last_article_seq() == 0 else None
        indices, values = unpack_sparse(row[0])
        total = np.zeros(FEATURES, dtype=np.float64)
        total[indices] = values
        return total

    def save_center_terms(self, total: npt.NDArray[np.float64]) -> None:
        """Keep ``total`` (F floats) as its non-zero entries."""
        nonzero = np.flatnonzero(total).astype(np.int32)
        blob = pack_sparse(nonzero, total[nonzero])
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('center_terms', ?)", (blob,))

    def originals(self) -> Iterator[Article]:
        """Every stored original (copies left out), in ingest order; read one at a time."""
        for (record,) in self.db.execute(
            "SELECT record FROM articles WHERE duplicate_of IS NULL ORDER BY seq"
        ):
            yield _article(record)

    def open_stories(self, horizon: float | None) -> list[StoredStory]:
        """Stories last seen at or after ``horizon`` (and undated ones), oldest first."""
        rows = self.db.execute(
            "SELECT id, title, first_seen, last_seen, size, terms, weight, seq FROM stories "
            "WHERE last_seen IS NULL OR last_seen >= ? ORDER BY seq",
            (horizon if horizon is not None else -1e300,),
        ).fetchall()
        found = []
        for sid, title, first, last, size, terms, weight, seq in rows:
            total = None
            if terms is not None:
                indices, values = unpack_sparse(terms)
                total = Total(indices, values, float(weight), 0.0)
            found.append(StoredStory(sid, total, size, first, last, title, seq))
        return found

    def save_story(self, story: OpenStory, title: str, seq: int) -> None:
        """Write a story row (its vector sum as ``terms`` and ``weight``; see ``store_schema``)."""
        self.db.execute(
            "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                story.id,
                seq,
                title,
                0.0,  # title_score: the centrality that once chose the title; titles are whole-story now
                story.first_seen,
                story.last_seen,
                story.size,
                b"",  # the projected sum of schema 1-3, no longer kept
                pack_sparse(story.total.indices, story.total.values),
                story.total.weight,
            ),
        )

    def move_articles(self, story_of: dict[str, str]) -> None:
        """Put stored originals (and their copies) into other stories: original id → story id."""
        self.db.executemany(
            "UPDATE articles SET story_id = ? WHERE id = ? OR duplicate_of = ?",
            [(sid, aid, aid) for aid, sid in sorted(story_of.items())],
        )

    def delete_stories(self, story_ids: Sequence[str]) -> None:
        """Remove story rows that no longer hold any article (merged into another story)."""
        self.db.executemany("DELETE FROM stories WHERE id = ?", [(sid,) for sid in sorted(story_ids)])

    # -- bulk write (the batch runner) ----------------------------------------------------------

    def write_clustered(
        self,
        prepared: Sequence[Prepared],
        links: dict[str, str],
        stories: Sequence[tuple[str, str, float | None, float | None, Sequence[str]]],
        totals: dict[str, Total],
        df: npt.NDArray[np.int64],
        documents: int,
        *,
        center: npt.NDArray[np.float64] | None = None,
        batch_size: int = 2000,
    ) -> None:
        """Store a whole clustered set (``stories`` as id, title, first, last, member ids; ``totals``:
        each story's sum of centred rows, by story id).

        ``center`` is the sum of the originals' uncentred unit rows (``cluster.pool_vectors``), so
        that later incremental ingests centre their vectors on the same mean.
        """
        story_of = {aid: sid for sid, _t, _f, _l, members in stories for aid in members}
        with self._transaction():
            self.save_frequencies(df, documents)
            if center is not None:
                self.save_center_terms(center)
            for seq, (sid, title, first, last, members) in enumerate(stories, 1):
                self.save_story(OpenStory(sid, totals[sid], len(members), first, last), title, seq)
        for start in range(0, len(prepared), batch_size):
            with self._transaction():
                for seq, p in enumerate(prepared[start : start + batch_size], start + 1):
                    a = p.article
                    original = links.get(a.id)
                    self.insert_article(p, seq, original, story_of[original or a.id])

    # -- reading --------------------------------------------------------------------------------

    def stories(self) -> list[StoryRow]:
        """Every story, newest first (by last article; undated stories last), then by id."""
        rows = self.db.execute(
            "SELECT s.id, s.title, s.first_seen, s.last_seen, "
            "sum(a.duplicate_of IS NULL), sum(a.duplicate_of IS NOT NULL), "
            "count(DISTINCT CASE WHEN a.duplicate_of IS NULL THEN a.outlet END) "
            "FROM stories s JOIN articles a ON a.story_id = s.id GROUP BY s.id "
            "ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.id"
        ).fetchall()
        return [
            StoryRow(r[0], strip_controls(r[1]), _when(r[2]), _when(r[3]), int(r[4]), int(r[5]), int(r[6]))
            for r in rows
        ]

    def story(self, story_id: str, *, copies: bool = False) -> tuple[StoryRow, list[Article]]:
        """A story and its original articles, in publication order; with ``copies``, its linked
        copies too (a brief of them counts them as copies, as ``brief PATHS`` does)."""
        row = next((s for s in self.stories_by_id([story_id])), None)
        if row is None:
            raise StoreError(
                f"no story {story_id!r} in {self.path} (see `newsbrief stories --db {self.path}`)"
            )
        return row, self.story_articles(story_id, copies=copies)

    def stories_by_id(self, ids: Sequence[str]) -> list[StoryRow]:
        wanted = set(ids)
        return [s for s in self.stories() if s.id in wanted]

    def counts(self) -> tuple[int, int, int]:
        """(articles, copies, stories) stored."""
        a, c = self.db.execute("SELECT count(*), count(duplicate_of) FROM articles").fetchone()
        (s,) = self.db.execute("SELECT count(*) FROM stories").fetchone()
        return int(a), int(c), int(s)

    # -- paged reading (the HTTP server) ----------------------------------------------------------
    #
    # ``stories()`` aggregates every story, which is fine for the CLI's listing of a collection but
    # not for a server answering many small requests on a large one. These filter, order and page in
    # SQL (``stories_last`` orders by recency) and aggregate only the stories on the page.

    def story_count(self) -> int:
        """How many stories have at least one article (as ``len(stories())``, without the aggregation)."""
        (n,) = self.db.execute(
            "SELECT count(*) FROM stories s WHERE EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)"
        ).fetchone()
        return int(n)

    def story_page(
        self,
        *,
        limit: int,
        offset: int = 0,
        since: datetime | None = None,
        until: datetime | None = None,
        query: str | None = None,
    ) -> tuple[list[StoryRow], int]:
        """One page of stories in the order of ``stories()``, and how many match in all.

        ``since``: last seen at or after it; ``until``: first seen at or before it (undated stories
        match neither). ``query``: every word, as a word or the start of one (case and accents
        ignored), is in the story's title or in the title or text of one of its original articles;
        copies are not searched, as they are not shown. Words are looked up in the FTS5 index
        (``article_search``), not by scanning texts; at most 20 words count.
        """
        where = ["EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)"]
        args: list[Any] = []
        if since is not None:
            where.append("s.last_seen >= ?")
            args.append(since.timestamp())
        if until is not None:
            where.append("s.first_seen <= ?")
            args.append(until.timestamp())
        terms = (query or "").split()[:20]
        for term in terms:
            tokens = _search_tokens(term)
            if not tokens:
                continue  # punctuation alone: nothing to look up
            like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append(
                "(s.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id "
                "AND a.rowid IN (SELECT rowid FROM article_search WHERE article_search MATCH ?)))"
            )
            # one FTS5 phrase per query word ("wire-two" is the phrase "wire two"), its last token a prefix
            args += [like, '"' + " ".join(tokens) + '"*']
        if terms and not any(_search_tokens(t) for t in terms):
            where.append("0")  # a query of punctuation alone matches nothing
        condition = " AND ".join(where)
        (total,) = self.db.execute(f"SELECT count(*) FROM stories s WHERE {condition}", args).fetchone()
        rows = self.db.execute(
            f"SELECT s.id, s.title, s.first_seen, s.last_seen FROM stories s WHERE {condition} "
            "ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.id LIMIT ? OFFSET ?",
            [*args, _sql_int(limit), _sql_int(offset)],
        ).fetchall()
        counts = self._story_counts([r[0] for r in rows])
        return [
            StoryRow(sid, strip_controls(title), _when(first), _when(last), *counts.get(sid, (0, 0, 0)))
            for sid, title, first, last in rows
        ], int(total)

    def story_row(self, story_id: str) -> StoryRow | None:
        """One story as ``stories()`` lists it, or None when there is no such story."""
        row = self.db.execute(
            "SELECT id, title, first_seen, last_seen FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        counts = self._story_counts([story_id]) if row else {}
        if row is None or story_id not in counts:
            return None
        return StoryRow(row[0], strip_controls(row[1]), _when(row[2]), _when(row[3]), *counts[story_id])

    def story_members(self, story_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """(article id, outlet) of each story's original articles, in the order ``story()`` gives them."""
        members: dict[str, list[tuple[str, str]]] = {sid: [] for sid in story_ids}
        for start in range(0, len(story_ids), 500):
            chunk = list(story_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for sid, aid, outlet in self.db.execute(
                f"SELECT story_id, id, outlet FROM articles WHERE story_id IN ({marks}) "
                "AND duplicate_of IS NULL ORDER BY published IS NULL, published, id",
                chunk,
            ):
                members[sid].append((aid, strip_controls(outlet)))
        return members

    def story_copies(self, story_id: str) -> list[str]:
        """The ids of the story's linked copies (near-duplicates of its originals), sorted."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE story_id = ? AND duplicate_of IS NOT NULL ORDER BY id", (story_id,)
        ).fetchall()
        return [str(r[0]) for r in rows]

    def story_articles(
        self, story_id: str, *, copies: bool = False, limit: int | None = None
    ) -> list[Article]:
        """The original articles of a story (as ``story()``), with ``copies`` its copies too, in
        canonical order (by date, undated last, then id); the first ``limit`` only when given. Empty
        when there is no such story."""
        records = self.db.execute(
            "SELECT record FROM articles WHERE story_id = ? AND (? OR duplicate_of IS NULL) "
            "ORDER BY published IS NULL, published, id LIMIT ?",
            (story_id, copies, -1 if limit is None else limit),
        ).fetchall()
        return [_article(r[0]) for r in records]

    def _story_counts(self, story_ids: Sequence[str]) -> dict[str, tuple[int, int, int]]:
        """(originals, copies, outlets of originals) per story, as ``stories()`` counts them."""
        counts: dict[str, tuple[int, int, int]] = {}
        for start in range(0, len(story_ids), 500):
            chunk = list(story_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for sid, originals, copies, outlets in self.db.execute(
                "SELECT story_id, sum(duplicate_of IS NULL), sum(duplicate_of IS NOT NULL), "
                "count(DISTINCT CASE WHEN duplicate_of IS NULL THEN outlet END) "
                f"FROM articles WHERE story_id IN ({marks}) GROUP BY story_id",
                chunk,
            ):
                counts[sid] = (int(originals), int(copies), int(outlets))
        return counts

    def stories_of(self, article_ids: Sequence[str]) -> list[str]:
        """The ids of the stories that hold these stored articles (copies are in their original's story)."""
        found: set[str] = set()
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found |= {
                r[0] for r in self.db.execute(f"SELECT story_id FROM articles WHERE id IN ({marks})", chunk)
            }
        return sorted(found)
