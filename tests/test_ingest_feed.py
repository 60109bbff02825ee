"""RSS and Atom feeds through the real loader and the real command line (feedparser, trafilatura)."""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbrief.cli import cli
from newsbrief.errors import InputError
from newsbrief.ingest import load_articles
from newsbrief.ingest_feed import is_feed
from newsbrief.runner import parse_shard, shard_paths
from seed_pages import SEEDS

TEASER = "Officials met again on Tuesday; talks continue."
LONG_SUMMARY = " ".join(
    ["The city council voted on Monday to expand the night bus network to four new districts."] * 8
)


def rss(items: str, *, channel_link: str = "https://www.example-news.com/") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Example News</title><link>{channel_link}</link><description>d</description>"
        f"{items}</channel></rss>"
    )


def rss_item(title: str, link: str, date: str, *, content: str = "", summary: str = "") -> str:
    parts = [f"<title>{html.escape(title)}</title>", f"<pubDate>{date}</pubDate>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if summary:
        parts.append(f"<description>{html.escape(summary)}</description>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return f"<item>{''.join(parts)}</item>"


def seed_rss() -> str:
    return rss(
        "".join(rss_item(s.title, s.url, s.rfc822, content=s.body_html(), summary=TEASER) for s in SEEDS)
    )


def seed_atom() -> str:
    entries = "".join(
        f"<entry><title>{html.escape(s.title)}</title><link rel='alternate' href='{s.url}'/>"
        f"<id>{s.url}</id><updated>{s.published}</updated><summary>{TEASER}</summary>"
        f"<content type='html'>{html.escape(s.body_html())}</content></entry>"
        for s in SEEDS
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Korea wire</title><id>urn:x</id><updated>2020-01-14T00:00:00Z</updated>"
        f"{entries}</feed>"
    )


def check_seeds(articles) -> None:  # type: ignore[no-untyped-def]
    by_outlet = {a.outlet: a for a in articles}
    assert sorted(by_outlet) == sorted(s.host.removeprefix("www.") for s in SEEDS)
    for seed in SEEDS:
        article = by_outlet[seed.host.removeprefix("www.")]
        assert article.title == seed.title
        assert article.url == seed.url
        assert article.published is not None and article.published.isoformat() == seed.published
        middle = seed.paragraphs[len(seed.paragraphs) // 2]
        assert middle[:60] in article.text  # the full content, not the teaser


@pytest.mark.parametrize("name", ["seeds.rss", "seeds.xml", "seeds"])
def test_rss_feed_with_full_content_gives_each_item_as_an_article(tmp_path: Path, name: str) -> None:
    path = tmp_path / name  # detected by its root element, whatever the name
    path.write_text(seed_rss(), encoding="utf-8")
    articles = load_articles(path)
    assert len(articles) == 3
    check_seeds(articles)
    # the time and zone of pubDate are kept
    hani = next(a for a in articles if a.outlet == "english.hani.co.kr")
    assert hani.published is not None and hani.published.utcoffset() is not None
    assert hani.published.utcoffset().total_seconds() == 9 * 3600  # type: ignore[union-attr]


def test_atom_feed_with_html_content(tmp_path: Path) -> None:
    path = tmp_path / "korea.atom"
    path.write_text(seed_atom(), encoding="utf-8")
    check_seeds(load_articles(path))


def test_rss_1_0_rdf_feed_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wire.rdf"
    path.write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://buses.example.org/"><title>Buses</title>'
        "<link>https://buses.example.org/</link><description>d</description></channel>"
        '<item rdf:about="https://buses.example.org/a"><title>Night buses</title>'
        f"<link>https://buses.example.org/a</link><description>{LONG_SUMMARY}</description>"
        "<dc:date>2021-03-02T08:00:00+01:00</dc:date></item></rdf:RDF>",
        encoding="utf-8",
    )
    (article,) = load_articles(path)
    assert (article.title, article.outlet) == ("Night buses", "buses.example.org")
    assert article.published is not None and article.published.isoformat() == "2021-03-02T08:00:00+01:00"


def test_long_summary_is_the_article_and_a_teaser_only_item_is_skipped_by_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        rss(
            rss_item("Night buses", "", "Tue, 02 Mar 2021 08:00:00 +0100", summary=LONG_SUMMARY)
            + rss_item(
                "Talks resume",
                "https://other.example.org/t",
                "Tue, 02 Mar 2021 09:00:00 +0100",
                summary=TEASER,
            )
        ),
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        (article,) = load_articles(path)
    assert article.title == "Night buses"
    assert article.outlet == "example-news.com"  # no item link: the channel's host
    assert "expand the night bus network" in article.text
    (message,) = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert "feed.xml#2 'Talks resume'" in message and "7-word summary" in message


def test_feed_of_teasers_only_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "teasers.rss"
    path.write_text(
        rss(rss_item("Talks resume", "https://x.example.org/t", "", summary=TEASER)), encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"teasers.rss#1 'Talks resume': feed entry has no full content"):
        load_articles(path)


def test_xml_that_is_not_a_feed_is_skipped_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>')
    assert not is_feed(path.read_text())
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        load_articles(path)


def test_directory_with_a_feed_and_a_text_file(tmp_path: Path) -> None:
    (tmp_path / "korea.rss").write_text(seed_rss(), encoding="utf-8")
    assert len(load_articles(tmp_path)) == 3


def test_brief_of_the_seed_feed_names_three_outlets_titles_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "korea.rss"
    path.write_text(seed_rss(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["brief", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    sources = json.loads(result.stdout)["articles"]
    assert sorted(s["outlet"] for s in sources) == sorted(s.host.removeprefix("www.") for s in SEEDS)
    assert sorted(s["title"] for s in sources) == sorted(s.title for s in SEEDS)
    assert sorted(s["published"] for s in sources) == sorted(s.published for s in SEEDS)


def test_runner_reads_a_feed_shard(tmp_path: Path) -> None:
    (tmp_path / "korea.rss").write_text(seed_rss(), encoding="utf-8")
    assert shard_paths(tmp_path) == [str(tmp_path / "korea.rss")]
    result = parse_shard(str(tmp_path / "korea.rss"))
    assert sorted(p.article.outlet for p in result.prepared) == sorted(
        s.host.removeprefix("www.") for s in SEEDS
    )
    assert result.skipped == ()


@pytest.mark.parametrize(
    "title_xml",
    [
        "<title>Council &lt;b&gt;approves&lt;/b&gt; bus plan &amp;amp; fares</title>",  # RSS: escaped markup
        "<title><![CDATA[Council <i>approves</i> bus plan &amp; fares]]></title>",
    ],
)
def test_an_html_title_is_read_as_text(tmp_path: Path, title_xml: str) -> None:
    item = (
        f"<item>{title_xml}<link>https://www.example-news.com/bus</link>"
        f"<pubDate>Mon, 13 Jan 2020 08:00:00 +0000</pubDate><description>{LONG_SUMMARY}</description></item>"
    )
    path = tmp_path / "feed.rss"
    path.write_text(rss(item), encoding="utf-8")
    (article,) = load_articles(path)
    assert article.title == "Council approves bus plan & fares"


def test_atom_html_title_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
        '<entry><title type="html">Night buses &lt;em&gt;expand&lt;/em&gt;</title>'
        "<link href='https://bus.example/a'/><id>a</id><updated>2020-01-13T08:00:00Z</updated>"
        f"<content type='text'>{LONG_SUMMARY}</content></entry></feed>",
        encoding="utf-8",
    )
    (article,) = load_articles(path)
    assert article.title == "Night buses expand"


def test_a_feed_cut_off_mid_download_is_read_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    items = "".join(
        rss_item(
            f"Story {n}",
            f"https://www.example-news.com/{n}",
            "Mon, 13 Jan 2020 08:00:00 +0000",
            summary=f"{LONG_SUMMARY} {n}",
        )
        for n in (1, 2)
    )
    whole = rss(items)
    path = tmp_path / "feed.rss"
    path.write_text(whole[: whole.index("Story 2") + 200], encoding="utf-8")  # inside the second item
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        articles = load_articles(path)
    assert [a.title for a in articles] == ["Story 1"]
    said = [r.getMessage() for r in caplog.records]
    assert said[0].startswith(f"{path}: the feed is not well-formed XML (")
    assert said[0].endswith("); read as far as it goes: 2 entries, the last may be incomplete")


def test_a_relative_item_link_is_resolved_against_the_channel_link(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    items = rss_item(
        "Night buses", "/city/night-buses", "Tue, 02 Mar 2021 08:00:00 +0100", summary=LONG_SUMMARY
    )
    items += rss_item(
        "Night trams", "trams.html", "Tue, 02 Mar 2021 09:00:00 +0100", summary=LONG_SUMMARY + " Trams."
    )
    path.write_text(rss(items, channel_link="https://www.example-news.com/local/"), encoding="utf-8")
    urls = sorted(a.url for a in load_articles(path))
    assert urls == [
        "https://www.example-news.com/city/night-buses",
        "https://www.example-news.com/local/trams.html",
    ]
