import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from collection_corpus import write_corpus
from newsbrief.cli import cli
from newsbrief.collection import CollectionService, StoryQuery
from newsbrief.serve import StoreCollection
from newsbrief.store_schema import MIGRATIONS, SCHEMA_VERSION
from readonly import read_only

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def test_ingest_stories_and_brief_from_the_collection(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    db = str(tmp_path / "news.sqlite")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", db]).exit_code == 0
    out = runner.invoke(cli, ["stories", "--db", db, "--json"])
    stories = [json.loads(line) for line in out.stdout.splitlines()]
    assert [s["articles"] for s in stories] == [1, 2, 4, 3]  # newest first
    dam = next(s for s in stories if s["copies"] == 1)
    result = runner.invoke(cli, ["brief", "--db", db, "--story", dam["id"], "-f", "json", "-w", "40"])
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert brief["story"]["id"] == dam["id"]
    # the copy is in the brief, counted as a copy and never as an outlet (as `brief PATHS` counts it)
    stats = brief["stats"]
    assert (stats["articles"], stats["independent_outlets"], stats["copies"]) == (5, 4, 1)
    (copy,) = [a for a in brief["articles"] if a["outlet"] == "wire-two.example"]
    assert stats["copy_of"][0]["article_id"] == copy["id"]
    for s in brief["summary"]["sentences"]:
        assert "wire-two.example" not in s["support"]


def test_a_brief_never_overwrites_the_collection_it_is_read_from(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["ingest", str(write_corpus(tmp_path / "corpus")), "--db", str(db)]).exit_code == 0
    )
    story = json.loads(runner.invoke(cli, ["stories", "--db", str(db), "--json", "-n", "1"]).stdout)["id"]
    before = db.read_bytes()
    result = runner.invoke(cli, ["brief", "--db", str(db), "--story", story, "-f", "md", "-o", str(db)])
    assert result.exit_code == 2
    assert f"-o {db} is the collection itself" in result.stderr
    assert db.read_bytes() == before
    assert runner.invoke(cli, ["stories", "--db", str(db), "--json"]).exit_code == 0


def test_brief_needs_paths_or_db_and_story_but_not_both(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (["brief"], ["brief", "x.txt", "--db", "a.sqlite", "--story", "s"], ["brief", "--db", "a"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2
        assert result.output.count("\n") == 1 and "error:" in result.output


def test_corrupt_db_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\x00garbage" * 100)
    result = CliRunner().invoke(cli, ["stories", "--db", str(bad)])
    assert result.exit_code == 2
    assert (
        result.output == f"newsbrief: error: {bad} is not a newsbrief collection (file is not a database)\n"
    )


def test_eval_stories_json(tmp_path: Path) -> None:
    from collection_corpus import CHESS, DAM, RATES

    # untitled docs need 50 words to count as articles (newsbrief.debris): each is told twice over;
    # the fourth story is one crawled widget page, which must stay alone
    stories = [[f"{d} {d}" for d in docs] for docs in (DAM, CHESS, RATES)]
    stories.append(["Tweet with a location. You can add location information to your Tweets."])
    path = tmp_path / "stories.jsonl"
    path.write_text(
        "".join(json.dumps({"id": str(n), "docs": docs}) + "\n" for n, docs in enumerate(stories))
    )
    result = CliRunner().invoke(cli, ["eval-stories", str(path), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["articles"] == 9 and scores["stories_true"] == 4
    assert scores["bcubed_f1"] == 1.0 and scores["ari"] == 1.0
    for options in (["--half", "even"], ["--batch-size", "2"]):
        result = CliRunner().invoke(cli, ["eval-stories", str(path), "--json", *options])
        assert result.exit_code == 0, result.output
        scores = json.loads(result.stdout)
        assert scores["bcubed_f1"] == 1.0
        assert scores["articles"] == (5 if options[0] == "--half" else 9)  # even: DAM, RATES


def test_eval_stories_keeps_a_raw_line_separator_inside_a_story(tmp_path: Path) -> None:
    from collection_corpus import DAM, RATES

    stories = [[f"{d}\u2028{d}" for d in docs] for docs in (DAM, RATES)]  # U+2028 raw, as JSON allows
    path = tmp_path / "stories.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": str(n), "docs": docs}, ensure_ascii=False) + "\n"
            for n, docs in enumerate(stories)
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["eval-stories", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stories_true"] == 2


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    db = str(tmp_path / "news.sqlite")
    assert CliRunner().invoke(cli, ["ingest", str(corpus), "--db", db]).exit_code == 0
    read, write = os.pipe()
    os.close(read)  # like `newsbrief stories | head` after head has exited: every write fails
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "newsbrief", "stories", "--db", db],
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert proc.returncode == 141
    assert proc.stderr == b""


def test_stories_table_counts_in_words(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    db = str(tmp_path / "news.sqlite")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", db]).exit_code == 0
    table = runner.invoke(cli, ["stories", "--db", db]).stdout.splitlines()
    rows = [
        json.loads(line) for line in runner.invoke(cli, ["stories", "--db", db, "--json"]).stdout.splitlines()
    ]
    assert len(table) == len(rows) == 4
    for line, row in zip(table, rows, strict=True):
        assert line.startswith(row["id"]) and line.endswith(row["title"])
        n = row["articles"]
        assert f" {n} article{'' if n == 1 else 's'} " in line
    assert sum(" +1 copy " in line for line in table) == 1


def _journal(db: Path, mode: str) -> None:
    con = sqlite3.connect(db)
    try:
        con.execute(f"PRAGMA journal_mode = {mode}")
    finally:
        con.close()


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_collection_in_a_read_only_place_can_be_read_not_written(tmp_path: Path, journal: str) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "news.sqlite"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", str(db)]).exit_code == 0
    _journal(db, journal)
    before = sorted(p.name for p in folder.iterdir())
    with read_only(db, folder):
        listed = runner.invoke(cli, ["stories", "--db", str(db), "--json"])
        assert listed.exit_code == 0, listed.output
        assert len(listed.stdout.splitlines()) == 4
        story = json.loads(listed.stdout.splitlines()[0])["id"]
        added = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db)])
        assert added.exit_code == 2
        assert added.output.startswith(f"newsbrief: error: {db}: collection is read-only")
        with CollectionService(db) as collection:
            assert collection.story(story) is not None
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_collection_damaged_inside_is_named_in_one_line(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "news.sqlite"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", str(db)]).exit_code == 0
    con = sqlite3.connect(db)
    (page,) = con.execute("PRAGMA page_size").fetchone()
    (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()
    con.close()
    with open(db, "r+b") as fh:  # the articles table's first page: the file opens, its rows do not read
        fh.seek((root - 1) * page)
        fh.write(b"\xff" * page)
    result = runner.invoke(cli, ["stories", "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.startswith(f"newsbrief: error: {db} is damaged (database disk image is malformed)")
    assert result.output.count("\n") == 1 and "internal error" not in result.output


def test_run_names_each_skipped_line_and_why(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    with (corpus / "shard-00.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"title": "broken", "maintext": \n')
    result = CliRunner().invoke(cli, ["run", str(corpus), "--out", str(tmp_path / "out"), "--no-briefs"])
    assert result.exit_code == 0, result.output
    shard = corpus / "shard-00.jsonl"
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"newsbrief: {shard}:7: malformed JSON") for line in lines), lines
    assert "(1 line skipped, listed above)" in result.stderr

    # -q: no word of the skips or the progress, only the result
    quiet = CliRunner().invoke(cli, ["-q", "run", str(corpus), "--out", str(tmp_path / "out"), "--no-briefs"])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr.splitlines() == [line for line in lines if " -> " in line]


def test_run_replaces_its_output_folder_whole_and_refuses_a_foreign_one(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["run", str(corpus), "--out", str(out), "--no-briefs"]).exit_code == 0
    (out / "briefs.jsonl").write_text("stale\n")
    assert runner.invoke(cli, ["run", str(corpus), "--out", str(out), "--no-briefs"]).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["briefs.jsonl", "news.sqlite", "stories.jsonl"]
    assert (out / "briefs.jsonl").read_text() == ""  # this run's (no briefs), not the stale one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]  # no folder left beside it
    (out / "notes.txt").write_text("mine")
    refused = runner.invoke(cli, ["run", str(corpus), "--out", str(out), "--no-briefs"])
    assert refused.exit_code == 2 and "holds other files (notes.txt)" in refused.output
    assert (out / "notes.txt").read_text() == "mine"


def test_times_are_iso_8601_with_offset_in_stories_and_run(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["run", str(corpus), "--out", str(out), "--no-briefs"]).exit_code == 0
    listed = runner.invoke(cli, ["stories", "--db", str(out / "news.sqlite"), "--json"]).stdout
    from_cli = {s["id"]: s for s in map(json.loads, listed.splitlines())}
    from_run = {s["id"]: s for s in map(json.loads, (out / "stories.jsonl").read_text().splitlines())}
    assert from_cli.keys() == from_run.keys()
    for sid, story in from_run.items():
        for key in ("first_seen", "last_seen"):
            assert ISO.fullmatch(story[key]), story[key]
            assert from_cli[sid][key] == story[key]


# -- a collection made by an older newsbrief -------------------------------------------------------


def schema_1_collection(current: Path, target: Path) -> None:
    """``target``: the articles and stories of collection ``current`` in a file as schema 1 wrote it:
    that step's own SQL (``store_schema.MIGRATIONS[0]``), its columns only, ``user_version`` 1."""
    con = sqlite3.connect(target)
    try:
        con.executescript(MIGRATIONS[0])
        con.execute("ATTACH DATABASE ? AS current", (str(current),))
        con.execute("INSERT INTO meta SELECT key, value FROM current.meta WHERE key = 'dedupe'")
        for table in ("articles", "bands", "stories"):
            columns = ", ".join(row[1] for row in con.execute(f"PRAGMA main.table_info({table})"))
            con.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM current.{table}")
        con.commit()
        con.execute("DETACH DATABASE current")
        con.execute("PRAGMA user_version = 1")
    finally:
        con.close()


def _schema(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("PRAGMA user_version").fetchone()[0])
    finally:
        con.close()


def _articles(db: Path) -> dict[str, tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, record, story_id FROM articles")}
    finally:
        con.close()


def test_ingest_upgrades_a_schema_1_collection_and_keeps_its_articles(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    current, old = tmp_path / "current.sqlite", tmp_path / "old.sqlite"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus / "shard-00.jsonl"), "--db", str(current)]).exit_code == 0
    schema_1_collection(current, old)
    kept = _articles(old)
    assert _schema(old) == 1 and len(kept) == 6
    # a command that only reads cannot upgrade the file: it names the one that does, in one line
    for args in (["stories", "--db", str(old)], ["brief", "--db", str(old), "--story", "x"]):
        refused = runner.invoke(cli, args)
        assert refused.exit_code == 2 and refused.output.count("\n") == 1, refused.output
        assert "has collection schema 1" in refused.output
        assert f"upgrade it with `newsbrief upgrade --db {old}`" in refused.output
    assert _schema(old) == 1
    # an ingest upgrades it first, then adds to it, as it adds to a file of this version
    for db in (old, current):
        added = runner.invoke(cli, ["ingest", str(corpus / "shard-01.jsonl"), "--db", str(db)])
        assert added.exit_code == 0, added.output
    assert _schema(old) == SCHEMA_VERSION
    grown = _articles(old)
    assert {k: grown[k][0] for k in kept} == {k: v[0] for k, v in kept.items()}  # the stored records
    assert len(grown) == len(_articles(current)) == 11
    # the same stories of the same articles (a title may differ: the upgraded file's story vectors
    # are rebuilt from its articles, so close centralities can rank another lead title first)
    listed = [
        [{k: v for k, v in json.loads(line).items() if k != "title"} for line in out.stdout.splitlines()]
        for out in (runner.invoke(cli, ["stories", "--db", str(db), "--json"]) for db in (old, current))
    ]
    assert listed[0] == listed[1] and len(listed[0]) == 4
    assert {k: v[1] for k, v in grown.items()} == {k: v[1] for k, v in _articles(current).items()}
    with CollectionService(old) as collection:  # the search index covers the articles stored before
        assert collection.stories(StoryQuery(text="reykjavik")).total == 1


def test_the_upgrade_command_and_a_server_upgrade_a_schema_1_collection(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    current = tmp_path / "current.sqlite"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", str(current)]).exit_code == 0
    by_command, by_server = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    schema_1_collection(current, by_command)
    schema_1_collection(current, by_server)
    done = runner.invoke(cli, ["upgrade", "--db", str(by_command)])
    assert (
        done.exit_code == 0
        and done.stderr == f"{by_command}: upgraded to collection schema {SCHEMA_VERSION}\n"
    )
    again = runner.invoke(cli, ["upgrade", "--db", str(by_command)])
    assert again.exit_code == 0 and "already at collection schema" in again.stderr
    listed = [runner.invoke(cli, ["stories", "--db", str(db), "--json"]) for db in (by_command, current)]
    assert listed[0].exit_code == 0 and listed[0].stdout == listed[1].stdout
    assert _articles(by_command) == _articles(current)
    assert StoreCollection(by_server).count() == 4  # the server opens it as a writer: upgraded first
    assert _schema(by_server) == SCHEMA_VERSION
    missing = runner.invoke(cli, ["upgrade", "--db", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2 and "no such collection" in missing.output


def test_an_old_collection_in_a_read_only_place(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    current = tmp_path / "current.sqlite"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", str(current)]).exit_code == 0
    folder = tmp_path / "ro"
    folder.mkdir()
    oldest, readable = folder / "s1.sqlite", folder / "s2.sqlite"
    schema_1_collection(current, oldest)
    schema_1_collection(current, readable)
    con = sqlite3.connect(readable)  # schema 2: readers accept it without the later steps
    con.executescript(MIGRATIONS[1])
    con.execute("PRAGMA user_version = 2")
    con.close()
    with read_only(oldest, readable, folder):
        # what stops the upgrade is said: the file cannot be written, not that it should be upgraded
        for args in (["ingest", str(corpus), "--db", str(oldest)], ["upgrade", "--db", str(oldest)]):
            refused = runner.invoke(cli, args)
            assert refused.exit_code == 2
            assert refused.output.startswith(f"newsbrief: error: {oldest}: collection is read-only")
        # a server on a file it cannot upgrade but can read serves it read-only, as before
        assert StoreCollection(readable).count() == 4
    assert (_schema(oldest), _schema(readable)) == (1, 2)


def test_a_limit_past_sqlites_integers_lists_every_story(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    db = str(tmp_path / "news.sqlite")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", db]).exit_code == 0
    result = runner.invoke(cli, ["stories", "--db", db, "-n", "9" * 30])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 4


@pytest.mark.parametrize(
    "args",
    [
        ["stories", "--db", ""],
        ["upgrade", "--db", ""],
        ["ingest", "x.txt", "--db", ""],
        ["brief", "--db", "", "--story", "s"],
        ["serve", "--db", ""],
        ["run", "corpus", "--out", ""],
        ["brief", "x.txt", "-o", ""],
    ],
)
def test_an_empty_file_or_folder_name_is_a_usage_error(args: list[str]) -> None:
    # as a path, "" is the current folder: reported as 'a directory', or the run written there
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "the name is empty" in result.stderr
