"""HTML pages → article text and metadata (trafilatura, htmldate), read through the real extractor."""

from __future__ import annotations

import pytest

from newsbrief.ingest_html import extract_html
from newsbrief.skip import Skip

BODY = (
    "The harbour authority reopened the northern pier on Tuesday after six weeks of repairs to the "
    "quay wall, the port director said. Ferries to the islands will use it again from next week."
)


def page(article: str, *, head: str = "", footer: str = "") -> str:
    return (
        f"<html><head><title>Pier reopens</title>{head}</head><body>"
        f"<article><h1>Pier reopens</h1>{article}</article><footer>{footer}</footer></body></html>"
    )


@pytest.mark.parametrize(
    "html",
    [
        page(f"<p>{BODY}</p>", footer="© 2019 Port News. All rights reserved."),  # a copyright line
        page(f"<p>{BODY} The pier was first built in 1998.</p>"),  # a year in the text
        page(f"<p>{BODY}</p>", footer='<a href="/archive/2021/07">July 2021 archive</a>'),  # year and month
    ],
)
def test_a_year_or_month_alone_is_no_publication_date(html: str) -> None:
    # htmldate returns these as 1 January / the 1st of the month; the page never says the day
    assert extract_html(html).date == ""


@pytest.mark.parametrize(
    ("html", "date"),
    [
        (page(f'<p class="date">March 1, 2024</p><p>{BODY}</p>'), "2024-03-01"),
        (
            page(f"<p>{BODY}</p>", head='<meta property="article:published_time" content="2024-01-01">'),
            "2024-01-01",
        ),
        (page(f'<p class="date">Published 12 March 2024</p><p>{BODY}</p>'), "2024-03-12"),
    ],
)
def test_a_stated_day_is_kept_even_on_the_first_of_a_month(html: str, date: str) -> None:
    assert extract_html(html).date.startswith(date)


def test_a_home_page_of_linked_headlines_and_teasers_is_no_article() -> None:
    items = "".join(
        f'<li><a href="/story-{n}"><h3>Council {verb} the plan for the {place} this week</h3>'
        f"<p>Members met again on Tuesday to talk about what the {place} will need next year.</p></a></li>"
        for n, (verb, place) in enumerate(
            [("backs", "harbour"), ("delays", "library"), ("rejects", "ring road"), ("reviews", "market")]
        )
    )
    page = f"<html><head><title>City News</title></head><body><main><ul>{items}</ul></main></body></html>"
    with pytest.raises(Skip, match="a page of links to other pages"):
        extract_html(page)
    # an article that links a few of its words is an article
    body = "".join(
        f"<p>The council met on Tuesday and backed the {place} plan, the <a href='/m'>mayor</a> said. "
        f"Work on the {place} starts in May and ends next year, officials said.</p>"
        for place in ("harbour", "library", "ring road", "market")
    )
    assert "harbour plan" in extract_html(f"<html><body><article>{body}</article></body></html>").text
