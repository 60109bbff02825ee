import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from collection_corpus import records, write_corpus
from newsbrief.ingest import article_from_record, load_articles
from newsbrief.store import SCHEMA_VERSION, Collection, StoreError

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _rows(db: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT id, duplicate_of, story_id FROM articles ORDER BY id").fetchall()
    finally:
        con.close()


def test_ingest_is_idempotent_and_links_the_wire_copy(tmp_path: Path) -> None:
    articles = load_articles(write_corpus(tmp_path / "corpus"))
    db = tmp_path / "news.sqlite"
    with Collection(db, create=True) as c:
        first = c.ingest(articles, batch_size=4)
        before = _rows(db)
        again = c.ingest(articles[::-1], batch_size=3)
        stories = c.stories()
    assert (first.added, first.copies) == (11, 1)
    assert (again.added, again.already_stored) == (0, 11)
    assert _rows(db) == before
    dam = next(s for s in stories if s.copies)
    assert (dam.articles, dam.copies, dam.outlets) == (4, 1, 4)  # the copy's outlet is not counted
    with Collection(db) as c:
        _row, originals = c.story(dam.id)
    assert len(originals) == 4 and all("wire-two" not in a.outlet for a in originals)


def test_copy_of_an_article_stored_earlier_is_linked(tmp_path: Path) -> None:
    rows = records()
    wire_a = next(r for r in rows if r["url"].endswith("wire-a"))
    wire_b = next(r for r in rows if r["url"].endswith("wire-b"))
    db = tmp_path / "news.sqlite"
    with Collection(db, create=True) as c:
        c.ingest([article_from_record(wire_a, source="a")])
        report = c.ingest([article_from_record(wire_b, source="b")])
        assert report.copies == 1
        assert c.counts() == (2, 1, 1)


@pytest.mark.parametrize("content", [os.urandom(4096), b""])
def test_corrupt_or_empty_file_is_a_clean_error(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "bad.sqlite"
    db.write_bytes(content)
    with pytest.raises(StoreError, match=r"not a newsbrief collection|empty file"):
        Collection(db)


def test_a_collection_in_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    # SQLite alone says "unable to open database file", which names neither the folder nor why
    path = tmp_path / "gone" / "news.sqlite"
    with pytest.raises(StoreError, match=f"cannot create {path}: directory {path.parent} does not exist"):
        Collection(path, create=True)
    assert not path.parent.exists()


def test_foreign_sqlite_file_is_refused_and_not_modified(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="tables: invoices"):
        Collection(db, create=True)
    assert db.read_bytes() == before


def _big_corpus(directory: Path, copies: int) -> Path:
    import json

    directory.mkdir()
    lines = []
    for k in range(copies):
        for n, r in enumerate(records()):
            r = dict(
                r, url=r["url"] + f"-{k}", maintext=r["maintext"] + f" Update {k} number {n} of the day."
            )
            lines.append(json.dumps(r))
    (directory / "all.jsonl").write_text("\n".join(lines) + "\n")
    return directory


def _ingest_cmd(corpus: Path, db: Path, batch: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsbrief",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--batch-size",
        str(batch),
    ]


def test_kill_during_ingest_leaves_a_consistent_collection_and_rerun_completes(tmp_path: Path) -> None:
    corpus = _big_corpus(tmp_path / "corpus", 120)
    total = 120 * len(records())
    db = tmp_path / "news.sqlite"
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.Popen(
        _ingest_cmd(corpus, db, 20), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # a line per committed batch
        if line.startswith("newsbrief: info: ingested 100 of"):
            break
    else:
        raise AssertionError("the ingest ended before its fifth batch")
    # Take the write lock: the ingest commits at most the batch it is writing, then waits at the
    # start of the next one, where it is killed. No timing decides what the test sees.
    lock = sqlite3.connect(db, timeout=60, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    proc.kill()
    proc.wait()
    lock.execute("ROLLBACK")
    lock.close()
    con = sqlite3.connect(db)
    partial = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    orphans = con.execute(
        "SELECT count(*) FROM articles a LEFT JOIN stories s ON s.id = a.story_id WHERE s.id IS NULL"
    ).fetchone()[0]
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    # Whole batches only. The child may have committed more batches than the line read shows (its
    # progress lines sit in the pipe until read), but never part of one.
    assert partial % 20 == 0 and 100 <= partial <= total
    assert orphans == 0
    subprocess.run(_ingest_cmd(corpus, db, 20), check=True, capture_output=True, env=env)
    with Collection(db) as c:
        assert c.counts()[0] == total
    assert len({r[0] for r in _rows(db)}) == total


def test_a_reader_is_not_blocked_by_a_writer_in_another_process(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    with Collection(db, create=True) as c:
        c.ingest(load_articles(write_corpus(tmp_path / "seed")))
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a write transaction left open, as a long ingest batch holds one
    writer.execute("DELETE FROM articles")
    try:
        out = subprocess.run(
            [sys.executable, "-m", "newsbrief", "stories", "--db", str(db), "--json"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": SRC},
        )
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == 4  # the last committed state, not the writer's


def test_dates_at_the_calendar_edges_never_break_listing_or_briefs(tmp_path: Path) -> None:
    """A collection written before ingest refused implausible dates can hold one; reading it lists
    the story (undated) and briefs it instead of failing with an overflow."""
    db = tmp_path / "news.sqlite"
    articles = load_articles(write_corpus(tmp_path / "corpus"))
    with Collection(db, create=True) as c:
        c.ingest(articles)
        story_id = c.stories()[0].id
    con = sqlite3.connect(db)
    # 0001-01-01T00:00:00+05:00 is in year 0 in UTC; 9999-12-31T23:59:59-14:00 in year 10000
    con.execute(
        "UPDATE stories SET first_seen = ?, last_seen = ? WHERE id = ?",
        (-62135614800.0, 253402351999.0, story_id),
    )
    con.commit()
    con.close()
    with Collection(db) as c:
        row = next(r for r in c.stories() if r.id == story_id)
        assert (row.first_seen, row.last_seen) == (None, None)
    from datetime import datetime

    from newsbrief.model import Article
    from newsbrief.pipeline import order_articles

    edge = Article(id="x", text="a", published=datetime.fromisoformat("0001-01-01T00:00:00+05:00"))
    late = Article(id="y", text="b", published=datetime.fromisoformat("9999-12-31T23:59:59-14:00"))
    assert [a.id for a in order_articles([late, edge])] == ["x", "y"]


def test_full_text_search_and_the_upgrade_of_a_schema_1_collection(tmp_path: Path) -> None:
    """Search reads the FTS5 index (words or word starts, case and accents ignored, copies not
    indexed), and a collection written before the index existed gains it when opened writable."""
    db = tmp_path / "news.sqlite"
    with Collection(db, create=True) as c:
        c.ingest(load_articles(write_corpus(tmp_path / "corpus")))
    con = sqlite3.connect(db)
    indexed = con.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NULL").fetchone()[0]
    hits = con.execute(
        "SELECT count(*) FROM article_search WHERE article_search MATCH 'helicop*'"
    ).fetchone()[0]
    assert hits == 1 and indexed > 1
    # the file as schema 1 wrote it: no index (and no brief cache or exact story vectors, which came later)
    con.execute("DROP TABLE article_search")
    con.execute("DROP TABLE briefs")
    con.execute("ALTER TABLE stories DROP COLUMN terms")
    con.execute("ALTER TABLE stories DROP COLUMN weight")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=r"upgrade it with `newsbrief upgrade --db "):
        Collection(db, readonly=True)
    with Collection(db) as c:
        assert [r.title for r in c.story_page(limit=10, query="REYKJAVÍK grandmaster")[0]] == [
            r.title for r in c.story_page(limit=10, query="reykjavik Grandmast")[0]
        ]
        found, total = c.story_page(limit=10, query="reykjavik grandmast")
        assert total == 1 and "chess" in found[0].title.casefold()
        assert c.story_page(limit=10, query="reykjavikx")[1] == 0
        assert c.story_page(limit=10, query="-- ;")[1] == 0  # punctuation alone matches nothing
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM article_search").fetchone()[0] == indexed
    con.close()


def test_a_story_vector_round_trips_and_a_damaged_one_is_a_clean_error() -> None:
    import numpy as np

    from newsbrief.store import pack_sparse, unpack_sparse

    indices, values = np.array([3, 17, 40_000], dtype=np.int32), np.array([0.5, -0.25, 1e-9])
    got = unpack_sparse(pack_sparse(indices, values))
    assert np.array_equal(got[0], indices) and np.array_equal(got[1], values)
    with pytest.raises(StoreError, match="damaged"):
        unpack_sparse(pack_sparse(indices, values)[:-3])


def test_an_upgrade_another_process_finished_first_is_taken_as_it_is(tmp_path: Path) -> None:
    # two writers opened one schema-1 file: both read version 1, and the second takes the write lock
    # only after the first has run every step; its own run of the steps must not fail the open
    db = tmp_path / "news.sqlite"
    with Collection(db, create=True) as c:
        c.ingest(load_articles(write_corpus(tmp_path / "corpus")))
        stories = c.story_count()
        c._migrate(1)  # what the second writer does, holding the version it read before the lock
        assert c.story_count() == stories
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()


@pytest.mark.parametrize("content", [b"", b"meeting notes\n"])
def test_an_existing_file_that_is_not_a_collection_is_never_made_one(tmp_path: Path, content: bytes) -> None:
    # SQLite takes an empty file for an empty database: `ingest --db notes.txt` filled it
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(
        StoreError, match=r"empty file, not a newsbrief collection|not a newsbrief collection"
    ):
        Collection(path, create=True)
    assert path.read_bytes() == content


def test_a_new_collection_appears_whole_and_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "news.sqlite"
    with Collection(path, create=True) as c:
        assert c.counts() == (0, 0, 0)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("news.sqlite-")) == [
        "news.sqlite"
    ]
    assert path.stat().st_mode & 0o644 == 0o644  # as SQLite makes files, not mkstemp's 0600
    with Collection(path, readonly=True) as c:
        assert c.counts() == (0, 0, 0)


def test_control_characters_stored_by_an_older_ingest_are_not_given_back(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    wire_a = next(r for r in records() if r["url"].endswith("wire-a"))
    with Collection(db, create=True) as c:
        c.ingest([article_from_record(wire_a, source="a")])
    # what a collection written before ingest removed them holds: a terminal escape, a bidi override
    con = sqlite3.connect(db)
    (record,) = con.execute("SELECT record FROM articles").fetchone()
    data = json.loads(record)
    data["text"] = "\x1b[2J\u202e" + data["text"]
    con.execute("UPDATE articles SET record = ?", (json.dumps(data),))
    con.execute("UPDATE articles SET outlet = outlet || ?", ("\x1b[31m",))
    con.execute("UPDATE stories SET title = ? || title", ("\x1b]0;pwned\x07",))
    con.commit()
    con.close()
    with Collection(db, readonly=True) as c:
        (row,) = c.stories()
        row, (article,) = c.story(row.id)
        members = c.story_members([row.id])[row.id]
    shown = row.title + article.text + article.title + "".join(outlet for _, outlet in members)
    assert "\x1b" not in shown and "\u202e" not in shown and "pwned" not in shown
    assert article.text.startswith("Rescue crews")
