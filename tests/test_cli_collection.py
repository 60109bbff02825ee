import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from collection_corpus import write_corpus
from newsbrief.cli import cli


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

    path = tmp_path / "stories.jsonl"
    path.write_text(
        "".join(json.dumps({"id": str(n), "docs": docs}) + "\n" for n, docs in enumerate([DAM, CHESS, RATES]))
    )
    result = CliRunner().invoke(cli, ["eval-stories", str(path), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["articles"] == 8 and scores["stories_true"] == 3
    assert scores["bcubed_f1"] == 1.0 and scores["ari"] == 1.0


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
