"""WARC archives built with warcio's own writer, through the real loader, the CLI and the runner."""

from __future__ import annotations

import gzip
import io
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbrief.cli import cli
from newsbrief.errors import InputError
from newsbrief.ingest import load_articles
from newsbrief.ingest_warc import WarcPage, WarcTally, read_warc
from newsbrief.runner import RunOptions, parse_shard, run, shard_paths
from newsbrief.skip import Skip
from newsbrief.store import Collection
from seed_pages import SEEDS, SeedPage

CAPTURED = "2020-01-14T03:00:00Z"


def response(
    writer: WARCWriter, url: str, body: bytes, *, status: str = "200 OK", kind: str = "text/html"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": CAPTURED},
    )
    writer.write_record(record)


def request(writer: WARCWriter, url: str) -> None:
    headers = StatusAndHeaders(f"GET {url} HTTP/1.1", [("User-Agent", "test")], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", http_headers=headers))


def write_warc(path: Path, seeds: tuple[SeedPage, ...] = SEEDS, *, extras: bool = True) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        for seed in seeds:
            request(writer, seed.url)
            response(writer, seed.url, seed.page().encode("utf-8"))
        if extras:
            request(writer, "https://thediplomat.com/logo.png")
            response(
                writer, "https://thediplomat.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), kind="image/png"
            )
            response(writer, "https://feed.example/data.json", b'{"a": 1}', kind="application/json")
            response(
                writer,
                "https://globaltimes.cn/gone",
                b"<html><body>Not here</body></html>",
                status="404 Not Found",
            )
            writer.write_record(
                writer.create_warc_record(
                    "https://globaltimes.cn/gone",
                    "metadata",
                    payload=io.BytesIO(b"outlinks: none\r\n"),
                    warc_content_type="application/warc-fields",
                )
            )
    return path


def check_seeds(articles) -> None:  # type: ignore[no-untyped-def]
    by_outlet = {a.outlet: a for a in articles}
    assert sorted(by_outlet) == sorted(s.host.removeprefix("www.") for s in SEEDS)
    for seed in SEEDS:
        article = by_outlet[seed.host.removeprefix("www.")]
        assert (article.title, article.url) == (seed.title, seed.url)
        assert article.published is not None and article.published.isoformat() == seed.published


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_articles_and_the_rest_is_counted(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_warc(tmp_path / name)
    with caplog.at_level(logging.INFO, logger="newsbrief"):
        articles = load_articles(path)
    check_seeds(articles)
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}: 3 pages read; skipped 2 non-HTML, 1 status 404, 5 request/metadata records"
    ]


def test_page_without_a_date_takes_the_capture_time(tmp_path: Path) -> None:
    body = " ".join(["The harbour authority reopened the northern pier after repairs on the quay wall."] * 6)
    page = (
        f"<html><head><title>Pier reopens</title></head><body><article><p>{body}</p></article></body></html>"
    )
    path = tmp_path / "one.warc.gz"
    with path.open("wb") as fh:
        response(WARCWriter(fh, gzip=True), "https://www.port-news.example/pier", page.encode())
    (article,) = load_articles(path)
    assert article.outlet == "port-news.example"
    assert article.published is not None and article.published.isoformat() == "2020-01-14T03:00:00+00:00"


def test_archive_without_pages_is_a_clear_error(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "empty.warc.gz", seeds=())
    with pytest.raises(
        InputError,
        match=r"empty.warc.gz: no article in this WARC archive \(0 pages read; skipped 2 non-HTML, 1 status 404",
    ):
        load_articles(path)


def test_damaged_archive_keeps_the_pages_before_the_damage(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", extras=False).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole + b"<html>a page saved into the archive by hand</html>")  # not a record
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        articles = load_articles(cut)
    assert len(articles) == 3
    assert any("not a readable WARC archive after record 6" in r.getMessage() for r in caplog.records)


def test_not_a_warc_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("these are my notes, not an archive\n")
    with pytest.raises(
        InputError, match=r"notes.warc: not a WARC archive \(it does not start with a WARC/1.x"
    ):
        load_articles(path)


def test_brief_of_the_seed_warc_names_three_outlets_titles_and_dates(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "korea.warc.gz")
    result = CliRunner().invoke(cli, ["brief", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 pages read; skipped 2 non-HTML, 1 status 404" in result.stderr
    sources = json.loads(result.stdout)["articles"]
    assert sorted(s["outlet"] for s in sources) == sorted(s.host.removeprefix("www.") for s in SEEDS)
    assert sorted(s["title"] for s in sources) == sorted(s.title for s in SEEDS)
    assert sorted(s["published"] for s in sources) == sorted(s.published for s in SEEDS)


def test_runner_takes_a_directory_of_warc_shards(tmp_path: Path) -> None:
    corpus = tmp_path / "cc-news"
    corpus.mkdir()
    write_warc(corpus / "CC-NEWS-0001.warc.gz", SEEDS[:2])
    write_warc(corpus / "CC-NEWS-0002.warc", SEEDS[2:], extras=False)
    assert [Path(p).name for p in shard_paths(corpus)] == ["CC-NEWS-0001.warc.gz", "CC-NEWS-0002.warc"]
    first = parse_shard(str(corpus / "CC-NEWS-0001.warc.gz"))
    assert len(first.prepared) == 2 and first.skipped == ()
    assert first.notes == (
        f"{corpus / 'CC-NEWS-0001.warc.gz'}: 2 pages read; skipped 2 non-HTML, 1 status 404, 4 request/metadata records",
    )
    said: list[str] = []
    report = run(corpus, tmp_path / "out", RunOptions(briefs=False), log=said.append)
    assert report.articles == 3 and report.skipped == ()
    assert any("1 page read" in line for line in said)
    stories = [json.loads(line) for line in (tmp_path / "out" / "stories.jsonl").read_text().splitlines()]
    assert sum(len(s["articles"]) for s in stories) == 3


def test_page_over_the_size_limit_is_skipped_by_name_and_the_archive_streams_on(tmp_path: Path) -> None:
    big, small = sorted(SEEDS, key=lambda s: -len(s.page().encode()))[:2]
    path = write_warc(tmp_path / "big.warc.gz", (big, small), extras=False)
    tally = WarcTally()
    with path.open("rb") as fh:
        items = list(read_warc(fh, "big.warc.gz", tally, max_bytes=len(small.page().encode())))
    too_big, page = items
    assert isinstance(too_big, Skip) and too_big.where == f"big.warc.gz#2 {big.url}"
    assert "too large for one article" in str(too_big)
    assert isinstance(page, WarcPage) and page.url == small.url and page.captured == CAPTURED
    assert page.payload == small.page().encode()
    assert (
        tally.counts(1)
        == "1 page read; skipped 1 without an article (see warnings), 2 request/metadata records"
    )


def test_ingest_command_stores_the_pages_of_an_archive(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "korea.warc.gz")
    db = tmp_path / "news.sqlite"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), str(path)])
    assert result.exit_code == 0, result.output
    with Collection(db) as collection:
        assert collection.counts()[0] == 3


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_archive_cut_inside_its_last_page_never_gives_half_a_page(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    whole = write_warc(tmp_path / f"whole{Path(name).suffix}", extras=False).read_bytes()
    cut = tmp_path / name
    cut.write_bytes(whole[:-300])  # inside the last response's payload (or its gzip member)
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        articles = load_articles(cut)
    assert sorted(a.url for a in articles) == sorted(s.url for s in SEEDS[:-1])
    assert [r.getMessage() for r in caplog.records] == [
        f"{cut}#6 {SEEDS[-1].url}: page is cut short: the archive ends inside it; skipped"
    ]


@pytest.mark.parametrize(
    ("keep", "said"),
    [
        (40, "the archive is cut short inside record 6; the records before it were read"),
        (
            400,  # warcio stops at a header it cannot finish as if the archive ended there
            "the archive is cut short or damaged after record 5 (400 bytes that are no complete "
            "record); the 5 records before them were read",
        ),
    ],
)
def test_archive_cut_inside_a_record_header_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, keep: int, said: str
) -> None:
    whole = write_warc(tmp_path / "whole.warc", extras=False).read_bytes()
    last_record = whole.rindex(b"WARC/1.")
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: last_record + keep])  # the last record stops inside its header
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        articles = load_articles(cut)
    assert len(articles) == 2
    assert [r.getMessage() for r in caplog.records] == [f"{cut}: {said}; skipped"]


def test_archive_with_a_cut_gzip_member_at_its_end_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", extras=False).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole + gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")[:20])
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        articles = load_articles(cut)
    assert len(articles) == 3
    assert [r.getMessage() for r in caplog.records] == [
        f"{cut}: the archive is cut short inside record 7; the records before it were read; skipped"
    ]


def test_the_charset_of_the_archived_http_header_decodes_the_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    body = " ".join(["The ferry company raised the fare to €5 on Monday, the harbour office said."] * 4)
    page = f"<html><head><title>Ferry fares rise</title></head><body><article><p>{body}</p></article></body></html>"
    path = tmp_path / "latin9.warc"
    with path.open("wb") as fh:
        # Latin-9 said only by the server: "€" is byte 0xA4 there, "¤" in the windows-1252 of a guess
        response(
            WARCWriter(fh, gzip=False),
            "https://ferry.example/fares",
            page.encode("iso-8859-15"),
            kind="text/html; charset=iso-8859-15",
        )
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(path)
    assert "fare to €5 on Monday" in article.text
    assert caplog.records == []
