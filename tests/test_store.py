import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collection_corpus import records, write_corpus
from newsbrief.ingest import article_from_record, load_articles
from newsbrief.store import Collection, StoreError


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


def test_kill_during_ingest_leaves_a_consistent_collection_and_rerun_completes(tmp_path: Path) -> None:
    corpus = _big_corpus(tmp_path / "corpus", 120)
    db = tmp_path / "news.sqlite"
    cmd = [
        sys.executable,
        "-m",
        "newsbrief",
        "-q",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--batch-size",
        "20",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if db.exists() and proc.poll() is None:
            try:
                con = sqlite3.connect(db, timeout=5)
                n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                con.close()
            except sqlite3.Error:
                n = 0
            if n >= 100:
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    partial = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    orphans = con.execute(
        "SELECT count(*) FROM articles a LEFT JOIN stories s ON s.id = a.story_id WHERE s.id IS NULL"
    ).fetchone()[0]
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert 0 < partial < 120 * len(records())
    assert partial % 20 == 0  # whole batches only
    assert orphans == 0
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with Collection(db) as c:
        total, _copies, _stories = c.counts()
    assert total == 120 * len(records())
    assert len({r[0] for r in _rows(db)}) == total


def test_reader_works_while_another_process_ingests(tmp_path: Path) -> None:
    corpus = _big_corpus(tmp_path / "corpus", 60)
    db = tmp_path / "news.sqlite"
    with Collection(db, create=True) as c:
        c.ingest(load_articles(write_corpus(tmp_path / "seed")))
    cmd = [
        sys.executable,
        "-m",
        "newsbrief",
        "-q",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--batch-size",
        "10",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reads = 0
    try:
        while proc.poll() is None:
            out = subprocess.run(
                [sys.executable, "-m", "newsbrief", "stories", "--db", str(db), "--json"],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert out.returncode == 0, out.stderr
            assert out.stdout.count("\n") >= 4
            reads += 1
    finally:
        proc.wait()
    assert proc.returncode == 0
    assert reads >= 1
