"""Rendered briefs kept in the collection file: kept and read back, replaced by a newer one, told
apart by article set and maker, and the schema step that adds them (a file from before it is still
read, read-only, and gains the table when opened writable)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsbrief import briefcache
from newsbrief.ingest import article_from_record
from newsbrief.serve import StoreCollection
from newsbrief.serve.service import brief_version
from newsbrief.store import SCHEMA_VERSION, Collection

TEXTS = [
    "The harbor bridge in Portmere will close for repairs on Monday, city officials said. "
    "The closure is expected to last three weeks while crews replace worn cables.",
    "Portmere officials said the harbor bridge closes on Monday for three weeks of cable repairs. "
    "Extra ferry crossings will run during the closure, according to the transit office.",
    "Portmere's harbor bridge shuts on Monday for cable work lasting three weeks, the city said, "
    "and the ferries will run extra crossings while it is shut.",
]


def article(i: int) -> dict[str, str]:
    return {
        "text": TEXTS[i],
        "title": "Bridge closes",
        "outlet": f"outlet{i}.example",
        "url": f"https://outlet{i}.example/bridge",
        "published": f"2024-03-0{i + 1}T08:00:00Z",
    }


def make(db: Path, n: int) -> None:
    with Collection(db, create=True) as c:
        c.ingest([article_from_record(article(i), source="test") for i in range(n)])


def test_kept_briefs_are_read_back_and_replaced(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    make(db, 2)
    with Collection(db) as c:
        assert briefcache.load(c, "s1", 150) is None
        briefcache.save(c, "s1", 150, "v1", {"json": b"{}", "md": b"# a"})
        briefcache.save(c, "s1", 60, "v1", {"json": b"{60}"})
        kept = briefcache.load(c, "s1", 150)
        assert kept is not None and kept.version == "v1" and kept.maker == briefcache.MAKER
        assert dict(kept.bodies) == {"json": b"{}", "md": b"# a"}
        briefcache.save(c, "s1", 150, "v2", {"json": b"{2}"})  # every format of the old one goes
        kept = briefcache.load(c, "s1", 150)
        assert kept is not None and kept.version == "v2" and dict(kept.bodies) == {"json": b"{2}"}
        assert briefcache.load(c, "s1", 60) is not None  # another budget is another brief
        c.db.execute("UPDATE briefs SET maker = 'newsbrief 0.0.1' WHERE words = 60")
        other = briefcache.load(c, "s1", 60)
        assert other is not None and other.maker != briefcache.MAKER  # the server does not use it


def test_a_story_that_gains_an_article_has_a_new_version(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    make(db, 2)
    collection = StoreCollection(db)
    (first,), _total = collection.stories(limit=5, offset=0, since=None, until=None, query=None)
    before = collection.story(first.id)
    assert before is not None and len(before.article_ids) == 2
    collection.keep_brief(before.id, 150, brief_version(before), {"json": b"{}"})
    make(db, 3)  # the third article joins the story
    after = collection.story(first.id)
    assert after is not None and len(after.article_ids) == 3
    kept = collection.stored_brief(first.id, 150)
    assert kept is not None and kept.version == brief_version(before) != brief_version(after)


def test_a_file_from_before_the_brief_table_is_read_and_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    make(db, 2)
    with sqlite3.connect(db) as con:  # the file as schema 2 wrote it
        con.execute("DROP TABLE briefs")
        con.execute("ALTER TABLE stories DROP COLUMN terms")  # and without schema 4's story vectors
        con.execute("ALTER TABLE stories DROP COLUMN weight")
        con.execute("PRAGMA user_version = 2")
    with Collection(db, readonly=True) as c:  # a reader cannot migrate, and need not
        assert c.story_count() == 1 and briefcache.load(c, "s1", 150) is None
    with Collection(db) as c:
        briefcache.save(c, "s1", 150, "v1", {"json": b"{}"})
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
