"""The one JSON-lines reader (``records.json_lines``) as every reader of lines meets it."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbrief.cli import cli
from newsbrief.ingest import load_articles
from newsbrief.records import article_from_record, article_from_text, json_lines
from newsbrief.skip import Skip


def test_json_lines_locates_each_record_and_each_bad_line() -> None:
    lines = [b'{"a": 1}\n', b"\n", b'{"a": \n', "  ", '{"b": 2}', b"\xff\xfe\x00\x00binary"]
    got = list(json_lines(lines, "feed.jsonl"))
    assert [where for where, _ in got] == ["feed.jsonl:1", "feed.jsonl:3", "feed.jsonl:5", "feed.jsonl:6"]
    assert got[0][1] == {"a": 1} and got[2][1] == {"b": 2}
    bad = got[1][1]
    assert isinstance(bad, Skip) and bad.where == "feed.jsonl:3" and "malformed JSON" in str(bad)
    assert isinstance(got[3][1], Skip) and got[3][1].where == "feed.jsonl:6"


def test_an_array_is_one_hint_not_a_warning_per_line() -> None:
    got = list(json_lines(["", "[", '  {"a": 1},', '  {"a": 2}', "]"], "export.jsonl"))
    assert len(got) == 1
    where, skip = got[0]
    assert where == "export.jsonl" and isinstance(skip, Skip) and "JSON array" in str(skip)


def test_eval_stories_names_the_line_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "stories.jsonl"
    path.write_text('{"docs": ["one"]}\n\n{"docs": [\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval-stories", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3: malformed JSON" in result.stderr


BODY = (
    "The harbour authority reopened the northern pier on Tuesday after six weeks of repairs to the "
    "quay wall, the port director said."
)


def test_a_metadata_field_of_the_wrong_type_is_named_not_dropped_unsaid(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    record = {"maintext": BODY, "title": 123, "date_publish": [2024, 3, 5], "source_domain": ["a"], "id": 7}
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(path)
    assert article.title == "" and article.published is None
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}:1: field 'title' is a number (123), not text; ignored",
        f"{path}:1: field 'date_publish' is an array, not text; ignored",
        f"{path}:1: field 'source_domain' is an array, not text; ignored",
        f"{path}:1: field 'id' is a number (7), not text; ignored",
    ]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"maintext": {"p": BODY}}, "the article text field 'maintext' is an object, not text"),
        (None, "expected a JSON object, got null"),
        ({"text": "Pier reopens"}, "too short to be an article (2 words; at least 5)"),
        (
            {"status": "ok", "articles": [{"title": "a"}, {"title": "b"}]},
            "no article text: this object holds 2 records under 'articles'; give that list as a JSON "
            "array, or one object per line",
        ),
        (
            {"text": "   "},
            "no article text (expected one of the fields maintext, text, body, content, article)",
        ),
    ],
)
def test_an_unusable_record_says_what_is_wrong_with_it(record: object, reason: str) -> None:
    with pytest.raises(Skip) as raised:
        article_from_record(record, source="export.jsonl:1")
    assert str(raised.value) == reason


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "東京で火曜日に地震が発生した。気象庁によると、マグニチュードは5.2だった。被害の報告はない。",
            "Japanese",
        ),
        ("北京市政府周二宣布了一项新的交通计划，旨在减少拥堵。官员表示，该计划将在明年实施。", "Chinese"),
    ],
)
def test_an_article_in_a_script_without_spaces_is_named_by_its_language(text: str, language: str) -> None:
    # no spaces between words: counted by characters, it is an article, and not an English one
    with pytest.raises(Skip, match=f"not English \\(detected: {language}\\)"):
        article_from_text(text, source="tokyo.txt")


def test_terminal_escapes_controls_and_bidi_overrides_never_reach_an_article() -> None:
    # printed by `newsbrief stories` or in a Markdown brief, these would clear or recolour the
    # reader's terminal, or show the rest of a title reversed
    article = article_from_record(
        {
            "title": "Pier \x1b[2J\x1b[31mreopens\x1b[0m \u202eafter repairs\u202c\x00",
            "text": f"{BODY}\x07 Ferries \x1b]0;owned\x07return\x0bnext week.",
            "outlet": "Port\x1b[1m News",
            "url": "https://port.example/pier\x00",
        },
        source="export.jsonl:1",
    )
    assert article.title == "Pier reopens after repairs"
    assert article.text == f"{BODY} Ferries return\nnext week."
    assert (article.outlet, article.url) == ("Port News", "https://port.example/pier")


@pytest.mark.parametrize("stamp", [1709625600, 1709625600000, 1709625600.0])
def test_a_unix_time_as_a_json_number_is_read_as_its_digits_would_be(stamp: float) -> None:
    article = article_from_record({"maintext": BODY, "date_publish": stamp}, source="export.jsonl:1")
    assert article.published is not None and article.published.isoformat() == "2024-03-05T08:00:00+00:00"


PAGE = (
    "<!DOCTYPE html><html><head><title>Pier reopens | Port News</title>"
    '<meta property="article:published_time" content="2024-03-05T08:00:00+01:00"></head><body>'
    '<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>'
    f"<article><h1>Pier reopens</h1><p>{BODY}</p><p>Ferries return next week, the director said.</p></article>"
    "<footer>Contact us</footer></body></html>"
)


def test_a_record_whose_text_is_a_page_is_read_as_the_page_file_would_be() -> None:
    # a crawler's raw HTML in "content", or a page uploaded in the web form: never its markup as text
    article = article_from_record({"content": PAGE, "url": "https://port.example/pier"}, source="<body[0]>")
    assert article.text == f"{BODY}\nFerries return next week, the director said."
    assert article.title == "Pier reopens"
    assert article.published is not None and article.published.isoformat() == "2024-03-05T08:00:00+01:00"
    assert article.outlet == "port.example"
    # the record's own fields come first
    own = article_from_record({"text": PAGE, "title": "Harbour news", "date": "2024-03-06"}, source="x")
    assert own.title == "Harbour news" and own.published is not None and own.published.day == 6


def test_a_record_whose_text_is_an_html_body_loses_its_tags() -> None:
    article = article_from_record(
        {"text": f"<p>{BODY}</p>\n<p>Ferries return <b>next week</b>.</p>"}, source="export.jsonl:1"
    )
    assert article.text == f"{BODY}\nFerries return next week."
    plain = article_from_record({"text": f"{BODY} It is the <b> tag that stays."}, source="x")  # not markup
    assert plain.text.endswith("It is the <b> tag that stays.")


def test_a_lone_surrogate_escape_becomes_a_replacement_character_in_every_field(tmp_path: Path) -> None:
    """'\\ud800' alone is valid JSON but no text: in the outlet it ended every format of the brief
    in 'internal error: UnicodeEncodeError', and in a story's id it ended summarize-batch."""
    text = (
        "The harbour authority said on Monday that the new ferry terminal will open in 2029. "
        "Officials said the cost had risen because of steel prices, and residents asked for buses."
    )
    line = json.dumps(
        {"title": "Ferry \ud800 news", "maintext": text, "source_domain": "a\ud83d.example"},
        ensure_ascii=True,  # writes the lone halves as escapes, as a UTF-16 exporter may
    )
    records = [r for _, r in json_lines([line, json.dumps({"emoji": "\U0001f389"})], "in.jsonl")]
    assert records[0]["source_domain"] == "a\ufffd.example" and records[0]["title"] == "Ferry \ufffd news"
    assert records[1] == {"emoji": "\U0001f389"}  # a pair stays the character it encodes
    path = tmp_path / "articles.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    for fmt in ("md", "json", "html"):
        result = CliRunner().invoke(cli, ["-q", "brief", str(path), "-f", fmt])
        assert result.exit_code == 0, result.output
        assert "a\ufffd.example" in result.stdout
