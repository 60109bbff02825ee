"""evaluate: ROUGE pinned to rouge-score, paired bootstrap, the eval command's JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rouge_score import rouge_scorer

from newsbrief.cli import cli
from newsbrief.errors import ConfigError
from newsbrief.evaluate import (
    check_rouge155,
    evaluate,
    format_table,
    half,
    mean_interval,
    paired_bootstrap,
    read_stories,
    rouge155,
    rouge_scores,
)

STORIES = Path(__file__).parent / "data" / "stories.jsonl"


def test_rouge_matches_rouge_score() -> None:
    summary = "Police killed the gunman in the city.\nThe city mourned."
    refs = ["The gunman was killed by police.", "Police shot the gunman dead in the city centre."]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    expected = {
        m: 100 * sum(scorer.score(r, summary)[k].fmeasure for r in refs) / 2
        for m, k in (("R1", "rouge1"), ("R2", "rouge2"), ("RL", "rougeL"))
    }
    got = rouge_scores(summary, refs)
    assert got == pytest.approx(expected)
    assert got["R1"] == pytest.approx(56.5789, abs=1e-3)  # pinned: catches a changed tokenizer/stemmer


def test_empty_summary_scores_zero() -> None:
    assert rouge_scores("", ["Something happened."]) == {"R1": 0.0, "R2": 0.0, "RL": 0.0}


def test_paired_bootstrap_is_deterministic_and_brackets_the_mean() -> None:
    a = [10.0, 12.0, 9.0, 15.0, 11.0, 13.0]
    b = [9.0, 11.5, 9.5, 13.0, 10.0, 12.0]
    first, second = paired_bootstrap(a, b), paired_bootstrap(a, b)
    assert first == second
    assert first.low <= first.diff <= first.high
    assert first.diff == pytest.approx(sum(a) / 6 - sum(b) / 6)
    assert paired_bootstrap(a, a).low == paired_bootstrap(a, a).high == 0.0
    with pytest.raises(ConfigError):
        paired_bootstrap([1.0], [1.0, 2.0])


def test_mean_interval_brackets_the_mean_and_narrows_with_agreement() -> None:
    spread = [10.0, 30.0, 20.0, 40.0, 25.0, 15.0]
    first = mean_interval(spread)
    assert first == mean_interval(spread)  # fixed seed: the same scores give the same interval
    assert first.diff == pytest.approx(sum(spread) / 6)
    assert first.low < first.diff < first.high
    flat = mean_interval([20.0] * 6)
    assert flat.low == flat.diff == flat.high == 20.0
    assert mean_interval([]) == mean_interval([])


def test_rouge155_gives_its_own_interval_around_each_mean() -> None:
    try:
        check_rouge155()
    except ConfigError as exc:
        pytest.skip(str(exc))
    summaries = ["Police killed the gunman in the city.", "The plane landed on the highway."]
    refs = [["The gunman was killed by police in the city."], ["A plane landed on a highway near town."]]
    plain = rouge155(summaries, refs, 20)
    scored = rouge155(summaries, refs, 20, intervals=True)
    assert set(plain) == {"R1", "R2", "SU4"}
    for metric in plain:
        assert scored[metric] == plain[metric]
        assert scored[f"{metric}-low"] <= scored[metric] <= scored[f"{metric}-high"]
    assert scored["R2-low"] < scored["R2-high"]  # two stories that differ: a real spread


def test_halves_are_alternate_stories_in_file_order() -> None:
    items = ["s0", "s1", "s2", "s3", "s4"]
    assert half(items, "even") == ["s0", "s2", "s4"]
    assert half(items, "odd") == ["s1", "s3"]
    with pytest.raises(ConfigError, match="even, odd"):
        half(items, "first")


def test_evaluate_reads_only_good_stories_and_compares_to_newsbrief() -> None:
    stories = list(read_stories(STORIES))
    assert [s.id for s in stories] == ["bridge", "plane"]
    results = evaluate(stories, 30, ["newsbrief", "lead", "lexrank", "textrank"])
    assert [r.system for r in results] == ["newsbrief", "lead", "lexrank", "textrank"]
    assert not results[0].intervals and set(results[1].intervals) == {"R1", "R2", "RL"}
    for r in results:
        assert 0 < r.scores["R1"] <= 100 and r.words <= 30
        assert r.cpu_ms_per_story > 0
    assert "newsbrief" in format_table(results)


def test_eval_json_shape() -> None:
    result = CliRunner().invoke(
        cli,
        ["-q", "eval", str(STORIES), "--words", "30", "--system", "newsbrief", "--system", "lead", "--json"],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["system"] for r in rows] == ["newsbrief", "lead"]
    for row in rows:
        assert {"system", "R1", "R2", "RL", "words", "cpu_ms_per_story"} <= set(row)
    assert set(rows[1]["vs_newsbrief"]) == {"R1", "R2", "RL"}


def test_eval_scores_one_half_of_the_stories() -> None:
    base = ["-q", "eval", str(STORIES), "--words", "30", "--system", "newsbrief", "--json"]
    rows = {}
    for which in ("even", "odd"):
        result = CliRunner().invoke(cli, [*base, "--half", which])
        assert result.exit_code == 0, result.output
        rows[which] = json.loads(result.stdout)
    whole = json.loads(CliRunner().invoke(cli, base).stdout)
    # two good stories (bridge, plane): each half holds one, and the halves average to the whole
    assert rows["even"]["R1"] != rows["odd"]["R1"]
    assert (rows["even"]["R1"] + rows["odd"]["R1"]) / 2 == pytest.approx(whole["R1"], abs=0.01)


def test_eval_unknown_system_is_a_clean_error() -> None:
    result = CliRunner().invoke(cli, ["eval", str(STORIES), "--words", "30", "--system", "nope"])
    assert result.exit_code == 2
    assert "unknown summarizer" in result.output


def test_a_story_line_with_bytes_that_are_not_utf8_is_read_with_a_warning(tmp_path: Path) -> None:
    doc = (
        "The caf\xe9 on Main Street reopened on Monday after a fire closed it in March. "
        "Its owner said the repairs took longer than planned because of the old wiring."
    )
    good = json.dumps({"id": "ok", "docs": [doc.replace("\xe9", "e")], "refs": ["A cafe reopened."]})
    latin1 = json.dumps({"id": "latin1", "docs": [doc], "refs": ["A cafe reopened."]}, ensure_ascii=False)
    stories = tmp_path / "stories.jsonl"
    stories.write_bytes(good.encode() + b"\n" + latin1.encode("latin-1") + b"\n")
    result = CliRunner().invoke(cli, ["eval", str(stories), "--words", "20", "--system", "lead", "--json"])
    assert result.exit_code == 0, result.output
    assert f"{stories}:2: not valid UTF-8 (byte" in result.stderr
    assert [s.id for s in read_stories(stories)] == ["ok", "latin1"]


def test_a_byte_order_mark_before_the_first_story_is_not_part_of_it(tmp_path: Path) -> None:
    stories = tmp_path / "stories.jsonl"
    stories.write_text(STORIES.read_text(encoding="utf-8"), encoding="utf-8-sig")
    assert [s.id for s in read_stories(stories)] == [s.id for s in read_stories(STORIES)]


def test_the_empty_half_of_a_one_story_file_is_named_as_such(tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text(STORIES.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    base = ["eval", str(one), "--words", "30", "--system", "lead", "--json"]
    assert CliRunner().invoke(cli, [*base, "--half", "even"]).exit_code == 0
    result = CliRunner().invoke(cli, [*base, "--half", "odd"])
    assert result.exit_code == 2
    assert f"the odd half of {one} holds no stories (1 in all)" in result.stderr


def test_a_pipe_given_as_the_stories_file_is_named_as_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "stories.fifo"
    os.mkfifo(fifo)
    result = CliRunner().invoke(cli, ["eval", str(fifo), "--words", "30", "--system", "lead"])
    assert result.exit_code == 2
    assert "stories.fifo is not a regular file (a pipe or a device)" in result.stderr
