"""Every input format, and every kind of bad input, through the real loader."""

from __future__ import annotations

import io
import json
import logging
import os
from pathlib import Path

import pytest

from newsbrief.errors import InputError
from newsbrief.ingest import MAX_ARTICLE_BYTES, LoadOptions, load_articles

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


@pytest.mark.parametrize("where", ["../articles", ".cache/articles"])
def test_a_directory_reached_through_a_dotted_path_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    # only names below the walked directory can hide a file: "../x" or "~/.cache/x" hide nothing
    cwd = tmp_path / "work"
    cwd.mkdir()
    folder = cwd / where
    folder.mkdir(parents=True)
    write(folder / "a.txt", BODY)
    (folder / ".drafts").mkdir()
    write(folder / ".drafts" / "b.txt", BODY.replace("Tuesday", "Monday"))  # hidden: left out
    monkeypatch.chdir(cwd)
    assert [Path(a.source).name for a in load_articles(where)] == ["a.txt"]


def test_what_a_directory_holds_but_cannot_be_read_as_a_file_is_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path / "a.txt", BODY)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait for a writer for ever
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a loop
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        articles = load_articles(tmp_path)
    assert [Path(a.source).name for a in articles] == ["a.txt"]
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path / 'gone.txt'}: broken symbolic link (to {tmp_path / 'deleted.txt'}); skipped",
        f"{tmp_path / 'pipe.txt'}: not a regular file (a named pipe, socket or device); skipped",
        f"{tmp_path / 'sub' / 'up'}: a symbolic link to a directory, not followed (give it as an input); skipped",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may list any folder")
def test_a_folder_that_cannot_be_listed_is_named(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write(tmp_path / "a.txt", BODY)
    locked = tmp_path / "locked"
    locked.mkdir()
    write(locked / "b.txt", BODY.replace("Tuesday", "Monday"))
    locked.chmod(0o000)
    try:
        with caplog.at_level(logging.WARNING, logger="newsbrief"):
            articles = load_articles(tmp_path)
    finally:
        locked.chmod(0o755)
    assert [Path(a.source).name for a in articles] == ["a.txt"]
    assert [r.getMessage() for r in caplog.records] == [
        f"{locked}: cannot read this folder: Permission denied; skipped"
    ]


def test_a_device_or_stdin_is_read_only_up_to_the_size_limit() -> None:
    # no size to check beforehand: reading /dev/zero to its end would never end
    with pytest.raises(InputError, match=r"/dev/zero: file is over 5,000,000 bytes, too large"):
        load_articles("/dev/zero")
    endless = io.BytesIO(bytes(MAX_ARTICLE_BYTES * 10 + 2))
    with pytest.raises(InputError, match=r"standard input is over 50,000,000 bytes"):
        load_articles("-", stdin=endless)
    assert endless.tell() == MAX_ARTICLE_BYTES * 10 + 1


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


# ---------------------------------------------------------------------------------------------
# encodings and mojibake

DATA = Path(__file__).parent / "data" / "ingest"


def test_mojibake_record_is_repaired_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # UTF-8 text that was decoded as windows-1252 once too often upstream
    record = {
        "title": "Mayor ZoÃ« Falkâ€™s flood plan",
        "maintext": "Mayor ZoÃ« Falkâ€™s plan will cost â‚¬12 million, the council said on Monday. "
        "â€œWe will rebuild,â€\x9d Falk said.",
        "url": "https://www.riverpost.example/a/1",
    }
    path = write(tmp_path / "feed.jsonl", json.dumps(record) + "\n")
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(path)
    assert article.title == "Mayor Zoë Falk’s flood plan"
    assert "Mayor Zoë Falk’s plan will cost €12 million" in article.text
    assert "“We will rebuild,” Falk said." in article.text
    assert "Ã" not in article.text and "â" not in article.text
    assert f"{path}:1: repaired mis-decoded characters (mojibake)" in caplog.text


def test_one_bad_byte_replaces_only_that_byte(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = "The mayor said “we will rebuild” on Tuesday — and the council agreed. " + BODY
    data = text.encode("utf-8").replace(b"Tuesday", b"Tues\xffday", 1)
    path = write(tmp_path / "story.txt", data)
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(path)
    assert "“we will rebuild”" in article.text and "—" in article.text
    assert "Tues\ufffdday" in article.text and "â€" not in article.text
    assert f"{path}: 1 byte not valid UTF-8" in caplog.text


def test_declared_windows_1252_page_is_read_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(DATA / "cp1252_declared.html")
    assert "The owners of the Café Central won their case against a 40–percent rent rise" in article.text
    assert "“We can stay open,” said the owner" in article.text
    assert "not valid UTF-8" not in caplog.text and "U+FFFD" not in caplog.text


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", ("Café talks. " + BODY).encode("utf-16"))
    (article,) = load_articles(path)
    assert article.text.startswith("Café talks.")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, codec: str
) -> None:
    # every other byte NUL: what Windows "Unicode" exports look like, not binary data
    path = write(tmp_path / "story.txt", ("Café talks. " + BODY).encode(codec))
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(path)
    assert article.text.startswith("Café talks.")
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}: UTF-16 without a byte-order mark; read as {codec.upper()}"
    ]


# ---------------------------------------------------------------------------------------------
# HTML


def test_teaser_lead_is_kept_and_time_zone_read_from_json_ld() -> None:
    (article,) = load_articles(DATA / "court_teaser.html")
    first = article.text.splitlines()[0]
    assert first.startswith("The Constitutional Court ruled on Monday that the national data retention law")
    assert "Civil liberties groups welcomed the decision" in article.text
    assert "Related stories" not in article.text and "Parliament debates" not in article.text
    assert article.published is not None
    assert article.published.isoformat() == "2020-01-13T17:42:00+09:00"  # datePublished, not dateModified
    assert (article.title, article.outlet) == ("Top court strikes down data retention law", "Harbour Herald")


def test_meta_published_time_keeps_time_and_zone() -> None:
    (article,) = load_articles(Path(__file__).parent / "data" / "core" / "page.html")
    assert article.published is not None and article.published.isoformat() == "2024-03-05T09:30:00+00:00"


def test_script_only_page_is_a_clear_skip() -> None:
    # the <noscript> notice is all the text there is, and it is no article
    with pytest.raises(InputError, match=r"script_only\.html: no article text found in the HTML page"):
        load_articles(DATA / "script_only.html")


# ---------------------------------------------------------------------------------------------
# titles


@pytest.mark.parametrize(
    "lead",
    [
        "The mayor of the flooded town vowed on Tuesday that the town would “rebuild stronger than ever.”",
        "Will the flooded town of Millbrook ever be rebuilt by the people who lived there?",
        "The mayor of the flooded town said the town would be rebuilt by the spring!",
    ],
)
def test_a_sentence_is_never_taken_as_the_title(tmp_path: Path, lead: str) -> None:
    path = write(tmp_path / "story.txt", lead + "\n" + BODY)
    (article,) = load_articles(path)
    assert article.title == ""
    assert article.text.startswith(lead)


def test_a_headline_line_is_still_the_title(tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", "Flooded town vows to rebuild\n" + BODY)
    (article,) = load_articles(path)
    assert article.title == "Flooded town vows to rebuild" and article.text == BODY


# ---------------------------------------------------------------------------------------------
# skips instead of crashes


def test_deeply_nested_json_line_is_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    nested = "[" * 200_000 + "]" * 200_000
    path = write(tmp_path / "feed.jsonl", json.dumps({"text": BODY}) + "\n" + nested + "\n")
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        articles = load_articles(path)
    assert len(articles) == 1
    assert f"{path}:2:" in caplog.text and "nested too deeply" in caplog.text


def test_deeply_nested_json_file_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path / "one.json", '{"text": ' + "[" * 200_000 + "]" * 200_000 + "}")
    with pytest.raises(InputError, match="nested too deeply"):
        load_articles(path)


@pytest.mark.parametrize("date", ["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00+05:00", "1850-06-01"])
def test_implausible_dates_are_dropped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, date: str
) -> None:
    path = write(tmp_path / "feed.jsonl", json.dumps({"text": BODY, "date_publish": date}) + "\n")
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(path)
    assert article.published is None
    assert f"{path}:1: date field 'date_publish' '{date}' is implausible" in caplog.text


def test_naive_dates_are_read_as_utc(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", json.dumps({"text": BODY, "published": "2024-03-05 11:00:00.250"}))
    (article,) = load_articles(path)
    assert article.published is not None and article.published.isoformat() == "2024-03-05T11:00:00+00:00"


# ---------------------------------------------------------------------------------------------
# files and records


def test_gzipped_jsonl_and_json_are_read_as_what_they_contain(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": BODY}).encode() + b"\n"))
    other = BODY.replace("Tuesday", "Monday")
    (tmp_path / "list.json.gz").write_bytes(gzip.compress(json.dumps([{"text": other}]).encode()))
    articles = load_articles(tmp_path)
    assert sorted(a.text for a in articles) == sorted([BODY, other])
    assert {a.outlet for a in articles} == {"feed", "list"}


@pytest.mark.parametrize(
    ("name", "codec"), [("feed.jsonl", "utf-16"), ("feed.jsonl.gz", "utf-32"), ("feed.ndjson", "utf-16-le")]
)
def test_jsonl_in_utf16_or_utf32_is_read_line_by_line(tmp_path: Path, name: str, codec: str) -> None:
    # split on the byte b"\n", such a file's lines begin inside a character: every line was lost
    import gzip

    other = BODY.replace("Tuesday", "Monday")
    data = "".join(
        json.dumps({"text": t, "title": "Café"}, ensure_ascii=False) + "\r\n" for t in (BODY, other)
    )
    raw = data.encode(codec)
    write(tmp_path / name, gzip.compress(raw) if name.endswith(".gz") else raw)
    articles = load_articles(tmp_path / name)
    assert [(a.text, a.title, a.source) for a in articles] == [
        (BODY, "Café", f"{tmp_path / name}:1"),
        (other, "Café", f"{tmp_path / name}:2"),
    ]


@pytest.mark.parametrize("name", ["saved.txt", "saved.md"])
def test_a_whole_page_saved_under_a_text_name_is_read_as_a_page(tmp_path: Path, name: str) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Water law passes</title></head><body>"
        f'<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><article><p>{BODY}</p></article></body></html>'
    )
    (article,) = load_articles(write(tmp_path / name, page))
    assert (article.title, article.text) == ("Water law passes", BODY)
    # a text that only holds some markup stays a text
    (kept,) = load_articles(write(tmp_path / "notes.md", f"{BODY} The <b>vote</b> was close."))
    assert kept.text == f"{BODY} The <b>vote</b> was close."


def test_gzipped_pages_and_texts_are_read_as_what_they_contain(tmp_path: Path) -> None:
    import gzip

    page = f"<html><head><title>Water law passes</title></head><body><article><p>{BODY}</p></article></body></html>"
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(page.encode()))  # found in a directory
    other = BODY.replace("Tuesday", "Monday")
    # a downloader that saved the body as the server sent it (Content-Encoding: gzip) under .txt
    (tmp_path / "saved.txt").write_bytes(gzip.compress(other.encode()))
    articles = load_articles(tmp_path)
    assert sorted((a.outlet, a.text) for a in articles) == [("page", BODY), ("saved", other)]
    assert next(a for a in articles if a.outlet == "page").title == "Water law passes"


def test_broken_gzip_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a readable gzip file"):
        load_articles(write(tmp_path / "feed.jsonl.gz", b"\x1f\x8b\x08\x00garbage"))


@pytest.mark.parametrize("content", [json.dumps([{"text": BODY}]), json.dumps([{"text": BODY}], indent=2)])
def test_json_array_in_jsonl_gets_a_hint(tmp_path: Path, content: str) -> None:
    with pytest.raises(
        InputError, match=r"this is a JSON array; use \.json for it, or write one object per line"
    ):
        load_articles(write(tmp_path / "feed.jsonl", content))


def test_outlet_is_the_url_host_without_www(tmp_path: Path) -> None:
    lines = [
        {"text": BODY, "url": "https://www.riverpost.example/news/1"},
        {"text": BODY + " More.", "url": "www.valleynews.example/a/2"},
        {"text": BODY + " Again.", "source_domain": "www.metro.example"},
        {"text": BODY + " Still."},
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r) for r in lines))
    assert [a.outlet for a in load_articles(path)] == [
        "riverpost.example",
        "valleynews.example",
        "metro.example",
        "feed",
    ]


def test_a_title_case_question_is_a_headline(tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", "Will the Flooded Town of Millbrook Ever Be Rebuilt?\n" + BODY)
    (article,) = load_articles(path)
    assert article.title == "Will the Flooded Town of Millbrook Ever Be Rebuilt?" and article.text == BODY


def test_json_lines_on_stdin_keep_a_raw_line_separator_inside_a_string() -> None:
    # JSON may hold U+2028 raw inside a string (scraped text often does); str.splitlines breaks there
    other = BODY.replace("Tuesday", "Monday")
    data = "".join(
        json.dumps(
            {"text": t.replace(". ", ".\u2028", 1), "url": f"https://a.example/{n}"}, ensure_ascii=False
        )
        + "\n"
        for n, t in enumerate((BODY, other))
    )
    articles = load_articles("-", stdin=io.BytesIO(data.encode("utf-8")))
    assert [a.source for a in articles] == ["<stdin>:1", "<stdin>:2"]


def test_gzip_on_stdin_is_read_as_what_it_contains() -> None:
    import gzip

    data = gzip.compress(
        json.dumps({"text": BODY, "url": "https://www.riverpost.example/1"}).encode() + b"\n"
    )
    (article,) = load_articles("-", stdin=io.BytesIO(data))
    assert article.text == BODY and article.outlet == "riverpost.example"


def test_the_same_text_in_two_files_is_one_article_said_as_such(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = write(tmp_path / "a.txt", BODY)
    write(tmp_path / "copy of a.txt", BODY)
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(tmp_path)
    assert article.source == str(first)
    assert f"copy of a.txt: the same article as {first} (same text); read once" in caplog.text
