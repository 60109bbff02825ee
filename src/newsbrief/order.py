"""The canonical order of articles: by publication time (undated last), then by id.

Every result that could depend on input order (a brief, the story clusters, the stored
collection) is defined on this order, so it is written once here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from newsbrief.model import Article

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def timestamp(when: datetime | None) -> float | None:
    """Seconds since the epoch (naive dates read as UTC), or None for an undated article."""
    if when is None:
        return None
    # a difference, not .timestamp(): that converts to UTC first and overflows at the calendar's
    # edges (0001-01-01T00:00:00+05:00 is in year 0 in UTC)
    return ((when.replace(tzinfo=UTC) if when.tzinfo is None else when) - _EPOCH).total_seconds()


def canonical_order(ids: Sequence[str], times: Sequence[float | None]) -> list[int]:
    """Indices sorted by date (undated last), then id: the order every result is defined on."""
    return sorted(range(len(ids)), key=lambda i: (times[i] is None, times[i] or 0.0, ids[i]))


def order_articles(articles: Sequence[Article]) -> list[Article]:
    """``articles`` in the canonical order, so a brief does not depend on the order of the input."""
    order = canonical_order([a.id for a in articles], [timestamp(a.published) for a in articles])
    return [articles[i] for i in order]
