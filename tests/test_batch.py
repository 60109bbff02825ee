"""summarize-batch: order, ids, word limit, error lines, determinism, atomic output."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbrief.batch import (
    BatchOptions,
    cut_to_budget,
    run_batch,
    story_docs,
    summarize_lines,
)
from newsbrief.cli import cli
from newsbrief.errors import ConfigError, InputError

STORIES = Path(__file__).parent / "data" / "stories.jsonl"
STORY_DOC = (
    "The city council voted on Tuesday to approve a new budget for the public library system. "
    "Mayor Jane Doe said the decision would protect services for thousands of residents."
)


def _records(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_cut_to_budget_cuts_only_the_last_sentence() -> None:
    assert cut_to_budget(["one two three", "four five six"], 4) == ["one two three", "four"]
    assert cut_to_budget(["one two three", "four five six"], 3) == ["one two three"]
    assert cut_to_budget(["a b", "c d"], 10) == ["a b", "c d"]


def test_typography_is_normalized_before_the_article_exists() -> None:
    docs = story_docs(["CITY _ The mayor said ``we will rebuild the old bridge soon,'' to reporters today."])
    text = docs[0].article.text
    assert "``" not in text and "''" not in text and " _ " not in text
    for s in docs[0].sentences:  # offsets point into the normalized text
        assert text[s.start : s.end].strip() == text[s.start : s.end]


def test_story_without_usable_docs_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no usable docs"):
        story_docs(["Click here", 42])


def test_batch_order_ids_budget_and_errors() -> None:
    records = list(summarize_lines(STORIES.read_text().splitlines(), BatchOptions(words=30, jobs=1)))
    assert [r.get("id") for r in records] == ["bridge", None, "plane", "empty", "junk"]
    assert [("error" in r) for r in records] == [False, True, False, True, True]
    for r in records:
        if "summary" in r:
            summary = str(r["summary"])
            assert 0 < len(summary.split()) <= 30
            assert all(line.strip() for line in summary.split("\n"))
    assert "malformed JSON" in str(records[1]["error"])


def test_batch_is_deterministic_across_pool_sizes(tmp_path: Path) -> None:
    lines = STORIES.read_text().splitlines()
    serial = list(summarize_lines(lines, BatchOptions(words=40, jobs=1)))
    pooled = list(summarize_lines(lines, BatchOptions(words=40, jobs=2)))
    assert serial == pooled


def test_cli_writes_output_atomically_and_logs_bad_lines(tmp_path: Path) -> None:
    out = tmp_path / "summaries.jsonl"
    result = CliRunner().invoke(
        cli, ["summarize-batch", str(STORIES), "--words", "25", "-o", str(out), "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    records = _records(out.read_text())
    assert len(records) == 5 and records[0]["id"] == "bridge"
    assert f"{STORIES}:2:" in result.output  # the broken line is reported with its line number
    assert not list(tmp_path.glob(".*.tmp"))


def test_run_batch_rejects_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        run_batch(tmp_path / "missing.jsonl", BatchOptions(words=10))


def test_a_pipe_given_as_the_stories_file_is_named_as_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "stories.fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"stories.fifo is not a regular file \(a pipe or a device\)"):
        run_batch(fifo, BatchOptions(words=10))


def test_batch_options_are_checked() -> None:
    with pytest.raises(ConfigError):
        BatchOptions(words=0)
    with pytest.raises(ConfigError):
        BatchOptions(words=10, jobs=0)


def test_a_line_nested_too_deeply_is_an_error_line_like_any_other_bad_json() -> None:
    # one JSON reader for every JSON-lines input: its wording, and no RecursionError traceback
    records = list(summarize_lines(['{"id": 1', "[" * 100_000], BatchOptions(words=30, jobs=1)))
    assert [str(r["error"]) for r in records] == [
        "malformed JSON (Expecting ',' delimiter at line 1, column 9)",
        "JSON nested too deeply to be a record",
    ]


def test_a_budget_below_every_sentence_is_said_not_left_empty_unsaid(
    caplog: pytest.LogCaptureFixture,
) -> None:
    line = json.dumps({"id": "s", "docs": [STORY_DOC]})
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (record,) = summarize_lines([line], BatchOptions(words=3, jobs=1), source="in.jsonl")
    assert record == {"id": "s", "summary": ""}
    assert "in.jsonl:1: no sentence fits in 3 words; the summary is empty" in caplog.text


def test_more_jobs_than_cpus_are_held_to_the_cpus(tmp_path: Path) -> None:
    stories = tmp_path / "s.jsonl"
    stories.write_text(json.dumps({"id": "x", "docs": ["too short"]}) + "\n")
    result = CliRunner().invoke(cli, ["summarize-batch", str(stories), "-w", "30", "-j", "100000"])
    assert result.exit_code == 0, result.output
    cpus = os.cpu_count() or 1
    assert f"--jobs 100000 is more than the {cpus} CPUs here; using {cpus}" in result.stderr
    assert json.loads(result.stdout)["id"] == "x"


def test_bytes_that_are_not_utf8_are_replaced_with_a_warning_naming_the_line(tmp_path: Path) -> None:
    stories = tmp_path / "s.jsonl"
    doc = STORY_DOC.replace("Jane Doe", "Ren\xe9e Doe")
    line = json.dumps({"id": "latin1", "docs": [doc]}, ensure_ascii=False)
    stories.write_bytes(line.encode("latin-1") + b"\n")
    result = CliRunner().invoke(cli, ["summarize-batch", str(stories), "-w", "40", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert f"{stories}:1: not valid UTF-8 (byte" in result.stderr
    assert "Ren\ufffde Doe" in json.loads(result.stdout)["summary"]


def test_a_byte_order_mark_before_the_first_story_is_not_part_of_it(tmp_path: Path) -> None:
    stories = tmp_path / "s.jsonl"
    lines = [
        json.dumps({"id": "first", "docs": [STORY_DOC]}),
        json.dumps({"id": "second", "docs": [STORY_DOC]}),
    ]
    stories.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")  # as Windows tools write it
    result = CliRunner().invoke(cli, ["summarize-batch", str(stories), "-w", "40", "-j", "1"])
    assert result.exit_code == 0, result.output
    records = _records(result.stdout)
    assert [r["id"] for r in records] == ["first", "second"] and all("summary" in r for r in records)


def test_an_id_that_is_no_string_or_integer_is_named_by_its_type() -> None:
    lines = [json.dumps({"id": v, "docs": [STORY_DOC]}) for v in (3.7, True, [1])]
    records = list(summarize_lines(lines, BatchOptions(words=30, jobs=1)))
    assert [r["error"] for r in records] == [
        "'id' must be a string or an integer, not float",
        "'id' must be a string or an integer, not bool",
        "'id' must be a string or an integer, not list",
    ]


def test_an_id_with_a_lone_surrogate_escape_still_gives_a_json_line(tmp_path: Path) -> None:
    stories = tmp_path / "s.jsonl"
    stories.write_text(json.dumps({"id": "story-\udc80", "docs": [STORY_DOC]}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["summarize-batch", str(stories), "-w", "40", "-j", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (record,) = _records(out.read_text(encoding="utf-8"))
    assert record["id"] == "story-\ufffd" and record["summary"]


def test_a_doc_that_is_an_html_page_is_read_as_its_article_text() -> None:
    paragraphs = [
        "The city council voted on Tuesday to approve a new budget for the coming year.",
        "Mayor Jane Doe said the plan would fund road repairs and schools.",
        "Critics argued the budget raised taxes too much for residents.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (
        "<!DOCTYPE html><html><head><title>Budget</title><script>var tracker = 1;</script></head>"
        f"<body><nav>Home | News | Sport</nav><article>{body}</article></body></html>"
    )
    for doc in (page, body):
        (record,) = summarize_lines([json.dumps({"id": "h", "docs": [doc]})], BatchOptions(words=60, jobs=1))
        assert record["summary"].split("\n") == paragraphs, doc[:20]


def test_the_stories_file_itself_as_output_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    stories = tmp_path / "s.jsonl"
    stories.write_text(json.dumps({"id": "x", "docs": [STORY_DOC]}) + "\n", encoding="utf-8")
    before = stories.read_bytes()
    (tmp_path / "link.jsonl").symlink_to(stories)
    for output in (stories, tmp_path / "." / "link.jsonl"):
        result = CliRunner().invoke(
            cli, ["summarize-batch", str(stories), "-w", "30", "-j", "1", "-o", str(output)]
        )
        assert result.exit_code == 2
        assert f"-o {output} is the stories file itself" in result.stderr
    assert stories.read_bytes() == before


def test_an_id_that_repeats_is_said_and_both_stories_are_written(caplog: pytest.LogCaptureFixture) -> None:
    lines = [json.dumps({"id": key, "docs": [STORY_DOC]}) for key in ("a", 7, "a", "7")]
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        records = list(summarize_lines(lines, BatchOptions(words=40, jobs=1), source="in.jsonl"))
    assert [r["id"] for r in records] == ["a", 7, "a", "7"]
    # the string "7" is not the number 7: they come back as different JSON
    assert 'in.jsonl:3: id "a" repeats line 1\'s; both are written' in caplog.text
    assert caplog.text.count("repeats") == 1
