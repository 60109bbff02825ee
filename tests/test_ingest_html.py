"""HTML pages → article text and metadata (trafilatura, htmldate), read through the real extractor."""

from __future__ import annotations

import pytest

from newsbrief.ingest_html import extract_html

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
