"""Every input format, and every kind of bad input, through the real loader."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from newsbrief.errors import InputError
from newsbrief.ingest import LoadOptions, load_articles

BODY = (
    "The regional parliament approved the new water law on Tuesday after a long debate. "
    "Farmers' groups said the law would protect supplies during droughts."
)


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_seed_text_files_recover_title_and_date(seed_articles) -> None:  # type: ignore[no-untyped-def]
    assert len(seed_articles) == 3
    by_outlet = {a.outlet: a for a in seed_articles}
    hani = by_outlet["000_0886afd3a58f5a8e"]
    assert hani.title == "Bromance between Trump and Kim losing steam"
    assert hani.published is not None and hani.published.isoformat() == "2020-01-13T17:42:00+09:00"
    diplomat = by_outlet["004_aecc216984b620f9"]
    assert diplomat.title.startswith("Trump-Kim Relationship No Longer Sufficient")


def test_html_page_via_trafilatura(tmp_path: Path) -> None:
    src = Path(__file__).parent / "data" / "core" / "page.html"
    (article,) = load_articles(src)
    assert article.title == "City council approves new transit budget"
    assert article.outlet == "Riverside Courier"
    assert article.published is not None and article.published.date().isoformat() == "2024-03-05"
    assert "voted 7 to 2" in article.text
    assert "Most read" not in article.text and "All rights reserved" not in article.text


def test_jsonl_in_news_please_and_trafilatura_shapes() -> None:
    src = Path(__file__).parent / "data" / "core" / "newsplease.jsonl"
    first, second = load_articles(src)
    assert (first.outlet, first.title, first.url) == (
        "valleynews.example",
        "Council backs transit plan",
        "https://valleynews.example/a/1",
    )
    assert first.published is not None and first.published.isoformat() == "2024-03-05T11:00:00+00:00"
    assert (second.outlet, second.title) == ("metro-daily.example", "Transit budget passes")
    assert second.published is not None and second.published.date().isoformat() == "2024-03-06"


def test_json_list_and_stdin(tmp_path: Path) -> None:
    records = [{"title": "Water law passes", "text": BODY, "url": "https://a.example/1"}]
    path = write(tmp_path / "list.json", json.dumps(records))
    assert load_articles(path)[0].outlet == "a.example"
    (from_stdin,) = load_articles("-", stdin=io.BytesIO(BODY.encode()))
    assert from_stdin.text == BODY and from_stdin.source == "<stdin>"


def test_directories_and_globs_are_read_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "a.txt", BODY.replace("Tuesday", "Monday"))
    write(tmp_path / "notes.bin", b"ignored: not an article suffix")
    assert [a.source for a in load_articles(tmp_path)] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert len(load_articles(str(tmp_path / "*.txt"))) == 2


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no such file or directory: .*nope\.txt"):
        load_articles(tmp_path / "nope.txt")


def test_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="contains no article files"):
        load_articles(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty file"):
        load_articles(write(tmp_path / "empty.txt", ""))


def test_binary_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="binary file"):
        load_articles(write(tmp_path / "photo.txt", bytes(range(256)) * 4))


def test_invalid_utf8_falls_back_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path / "latin.txt", (BODY + " Caf\xe9 owners agreed.").encode("latin-1"))
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(path)
    assert "Café owners agreed." in article.text
    assert "not valid UTF-8" in caplog.text


def test_malformed_json_line_is_skipped_with_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = json.dumps({"title": "Water law", "text": BODY})
    path = write(tmp_path / "feed.jsonl", f'{good}\n{{"title": "broken", \n')
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        articles = load_articles(path)
    assert len(articles) == 1
    assert f"{path}:2: malformed JSON" in caplog.text


def test_malformed_json_line_fails_under_strict(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", json.dumps({"text": BODY}) + "\nnot json\n")
    with pytest.raises(InputError, match=r"feed.jsonl:2: malformed JSON .*\(--strict\)"):
        load_articles(path, options=LoadOptions(strict=True))


def test_non_english_is_named(tmp_path: Path) -> None:
    german = "Der Landtag hat am Dienstag das neue Wassergesetz nach langer Debatte beschlossen. Die Bauern sind zufrieden."
    with pytest.raises(InputError, match="no English articles"):
        load_articles(write(tmp_path / "de.txt", german))


def test_declared_language_is_respected(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lines = [{"text": BODY, "language": "en"}, {"text": BODY + " More.", "language": "fr"}]
    path = write(tmp_path / "mixed.jsonl", "\n".join(json.dumps(r) for r in lines))
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        assert len(load_articles(path)) == 1
    assert "mixed.jsonl:2: language is 'fr'" in caplog.text


def test_duplicate_ids_keep_the_first(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lines = [{"id": "x1", "text": BODY}, {"id": "x1", "text": BODY + " Another sentence here."}]
    path = write(tmp_path / "dups.jsonl", "\n".join(json.dumps(r) for r in lines))
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(path)
    assert article.text == BODY
    assert "duplicate article id x1" in caplog.text


def test_stories_file_is_pointed_to_the_right_command(tmp_path: Path) -> None:
    path = write(tmp_path / "stories.jsonl", json.dumps({"id": "s1", "docs": [BODY]}))
    with pytest.raises(InputError, match="summarize-batch"):
        load_articles(path)


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("w") as fh:
        fh.write(BODY * 40_000)  # ~6 MB
    with pytest.raises(InputError, match="too large for one article"):
        load_articles(path)
