from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from newsbrief.model import Article
from newsbrief.order import order_articles


def test_dated_articles_come_first_oldest_first_then_by_id() -> None:
    seoul = timezone(timedelta(hours=9))
    articles = [
        Article(id="u", text="x"),
        Article(id="b", text="x", published=datetime(2024, 1, 2, 9, tzinfo=seoul)),  # 00:00 UTC
        Article(id="a", text="x", published=datetime(2024, 1, 2)),  # naive: read as UTC
        Article(id="c", text="x", published=datetime(2024, 1, 1, tzinfo=UTC)),
        Article(id="t", text="x"),
    ]
    assert [a.id for a in order_articles(articles)] == ["c", "a", "b", "t", "u"]
    assert order_articles(list(reversed(articles))) == order_articles(articles)
