"""URLs as input: pages served by a real HTTP server on loopback (never the internet)."""

from __future__ import annotations

import html
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from newsbrief import __version__
from newsbrief.cli import cli
from newsbrief.errors import InputError
from newsbrief.fetch import Fetched, fetch_pages, is_url
from newsbrief.ingest import load_articles
from newsbrief.skip import Skip
from seed_pages import SEEDS

# path → (status, headers, body)
ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    f"/{s.name}": (200, {"Content-Type": "text/html; charset=utf-8"}, s.page().encode()) for s in SEEDS
}
ROUTES["/feed"] = (
    200,
    {"Content-Type": "application/rss+xml"},
    (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Wire</title><link>https://wire.example/</link><description>d</description>"
        + "".join(
            f"<item><title>{html.escape(s.title)}</title><link>{s.url}</link><pubDate>{s.rfc822}</pubDate>"
            f"<content:encoded><![CDATA[{s.body_html()}]]></content:encoded></item>"
            for s in SEEDS
        )
        + "</channel></rss>"
    ).encode(),
)
# Latin-9 said only by the server: "€" is byte 0xA4 there, "¤" in the windows-1252 of a guess
EURO_BODY = " ".join(["The ferry company raised the fare to €5 on Monday, the harbour office said."] * 4)
ROUTES["/latin9"] = (
    200,
    {"Content-Type": 'text/html; charset="ISO-8859-15"'},
    f"<html><head><title>Ferry fares rise</title></head><body><article><p>{EURO_BODY}</p></article></body></html>".encode(
        "iso-8859-15"
    ),
)
ROUTES["/moved"] = (301, {"Location": f"/{SEEDS[0].name}"}, b"")
ROUTES["/big"] = (200, {"Content-Type": "text/html"}, b"<html>" + b"x" * 5000 + b"</html>")


AGENTS: list[str] = []  # the User-Agent of every request served


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the name http.server calls
        AGENTS.append(self.headers.get("User-Agent", ""))
        status, headers, body = ROUTES.get(
            self.path, (404, {"Content-Type": "text/html"}, b"<html>gone</html>")
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet: pytest shows failures
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_pages_are_fetched_in_order_with_our_user_agent(server: str) -> None:
    results = fetch_pages([f"{server}/{s.name}" for s in SEEDS], max_bytes=1_000_000)
    assert [r.url for r in results if isinstance(r, Fetched)] == [f"{server}/{s.name}" for s in SEEDS]
    assert all(isinstance(r, Fetched) and r.content_type == "text/html" for r in results)
    assert f"newsbrief/{__version__}" in AGENTS[-1]


def test_redirect_is_followed_and_the_final_address_kept(server: str) -> None:
    (result,) = fetch_pages([f"{server}/moved"], max_bytes=1_000_000)
    assert isinstance(result, Fetched) and result.url == f"{server}/{SEEDS[0].name}"


def test_http_errors_size_limit_and_refused_connections_are_one_line_each(server: str) -> None:
    missing, big, refused = fetch_pages(
        [f"{server}/missing", f"{server}/big", "http://127.0.0.1:9/"], max_bytes=1000
    )
    assert isinstance(missing, Skip) and (missing.where, str(missing)) == (
        f"{server}/missing",
        "404 Not Found",
    )
    assert isinstance(big, Skip) and "over the 1,000 limit" in str(big)
    assert isinstance(refused, Skip) and str(refused).startswith("cannot connect")


def test_urls_beside_a_404_load_and_the_404_is_a_named_warning(
    server: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        articles = load_articles([f"{server}/moved", f"{server}/missing", f"{server}/{SEEDS[1].name}"])
    assert [a.title for a in articles] == [SEEDS[0].title, SEEDS[1].title]
    assert articles[0].url == f"{server}/{SEEDS[0].name}"  # where the redirect led
    assert articles[0].published is not None and articles[0].published.isoformat() == SEEDS[0].published
    assert f"{server}/missing: 404 Not Found; skipped" in [r.getMessage() for r in caplog.records]


def test_a_lone_404_is_a_one_line_error(server: str) -> None:
    with pytest.raises(InputError, match=r"^http://127\.0\.0\.1:\d+/missing: 404 Not Found$"):
        load_articles([f"{server}/missing"])


def test_brief_of_urls_names_the_outlet_hosts_titles_and_dates(server: str) -> None:
    result = CliRunner().invoke(cli, ["brief", "--format", "json", *(f"{server}/{s.name}" for s in SEEDS)])
    assert result.exit_code == 0, result.output
    sources = json.loads(result.stdout)["articles"]
    assert sorted(s["title"] for s in sources) == sorted(s.title for s in SEEDS)
    assert sorted(s["published"] for s in sources) == sorted(s.published for s in SEEDS)
    assert {s["outlet"] for s in sources} == {"127.0.0.1"}


def test_is_url() -> None:
    assert is_url("https://example.com/a?b=1") and is_url("HTTP://example.com")
    assert not is_url("example.com/a") and not is_url("notes/http://x") and not is_url("ftp://x")


def test_a_feed_url_gives_its_entries(server: str) -> None:
    articles = load_articles([f"{server}/feed"])
    assert sorted(a.outlet for a in articles) == sorted(s.host.removeprefix("www.") for s in SEEDS)
    assert sorted(a.title for a in articles) == sorted(s.title for s in SEEDS)


def test_the_charset_the_server_sends_decodes_the_page(server: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles([f"{server}/latin9"])
    assert "fare to €5 on Monday" in article.text
    assert caplog.records == []  # the server said what the bytes are: nothing was guessed
