"""Date parsing shared by ingest (publication dates) and analysis (event dates), and the one
timestamp format newsbrief writes.

dateparser is imported lazily: it costs most of a second, and most commands never need it when the
input carries ISO dates.

A publication date is *plausible* from 1900-01-01 to the end of next year (local clock). Dates
outside that window are typing or export errors ("0001-01-01", "9999-12-31"); worse, at the
calendar's edges a time zone offset pushes them out of ``datetime``'s range the moment anything
converts them to UTC, so they are refused here, at the door, with the reason.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")
# Time-zone abbreviations dateparser does not know but Asian outlets print.
_TZ_FIX = {"KST": "+0900", "JST": "+0900", "HKT": "+0800", "SGT": "+0800", "IST": "+0530"}
EARLIEST_YEAR = 1900


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    import dateparser

    return dateparser


def implausible(when: datetime, *, now: datetime | None = None) -> str:
    """Why ``when`` cannot be a publication date ("before 1900", "after 2027"), or ``""``.

    Compares calendar years only, so it never converts between zones (which overflows at year 1
    and year 9999). ``now`` defaults to the local clock.
    """
    latest = (now or datetime.now()).year + 1
    if when.year < EARLIEST_YEAR:
        return f"before {EARLIEST_YEAR}"
    if when.year > latest:
        return f"after {latest}"
    return ""


# "05.03.2024": dotted numeric dates are written day first wherever they are written (German,
# Russian, Scandinavian, Turkish... conventions; ISO 8601 and US usage use "-" and "/").
_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\b")


# "5 minutes ago", "2 hours", "in 3 days": a span from now, as pages write "Updated 5 minutes ago".
_RELATIVE = re.compile(
    r"\b(?:\d+|an?|one|few)\s+(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year)s?\b(?:\s+ago\b)?"
    r"|\bago\b",
    re.IGNORECASE,
)
# dateparser's default parsers, in its order (dateparser_data.settings.default_parsers)
_PARSERS = ("timestamp", "relative-time", "custom-formats", "absolute-time")


# A trailing UTC offset: "+25:00", "-2500" (after a time, so a date's "-03-05" is no offset).
_OFFSET = re.compile(r"(?<=\d)\s*[+-](?P<hours>\d{2}):?\d{2}$")


def read_datetime(text: str | None) -> tuple[datetime | None, str]:
    """Parse a publication date: ``(date, "")``, or ``(None, reason)`` when there is none to use.

    The reason is ``""`` for empty input, else says what is wrong ("not a date", "implausible:
    before 1900"), for a warning that names the file. Results are timezone-aware when the input
    names an offset, naive otherwise; a bare year is rejected rather than guessed.
    """
    if not text:
        return None, ""
    text = text.strip()
    if not text:
        return None, ""
    if len(text) > 80:
        return None, "not a date (too long)"
    for abbr, offset in _TZ_FIX.items():
        text = re.sub(rf"\b{abbr}\b", offset, text)
    # "2020-01-13 17:42 +0900" (a zone abbreviation replaced): ISO but for the space before the
    # offset. Read here, dateparser's import (~0.7 CPU s) is not paid for the commonest stamps.
    text = re.sub(r"(\d{2}:\d{2}(?::\d{2})?)\s+([+-]\d{2}:?\d{2})$", r"\1\2", text)
    zone = _OFFSET.search(text)
    if zone and int(zone["hours"]) >= 24:
        # datetime's own words for this are its internal timedelta repr
        return None, f"not a valid date (time zone offset {zone[0].strip()} is not within ±24 hours)"
    if _ISO.match(text):
        try:
            result = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            return None, f"not a valid date ({exc})"
    else:
        if _RELATIVE.search(text):
            return None, "a time relative to when it was read ('2 hours ago'), not a date"
        if not re.search(r"\d", text):
            return None, "not a date"
        settings: dict[str, Any] = {
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            # dateparser's default parsers include "relative-time", which reads "5 minutes" as
            # now minus five minutes: a date that changes with the clock, never the article's
            "PARSERS": [p for p in _PARSERS if p != "relative-time"],
        }
        if _DOTTED.match(text):
            settings["DATE_ORDER"] = "DMY"  # dateparser reads English dates month first
        try:
            parsed = _dateparser().parse(text, languages=["en"], settings=settings)
        except (ValueError, OverflowError) as exc:  # dateparser lets some calendar errors through
            return None, f"not a valid date ({exc})"
        if parsed is None:
            return None, "not a date newsbrief can read"
        result = parsed
    why = implausible(result)
    if why:
        return None, f"implausible ({why})"
    return result, ""


def parse_datetime(text: str | None) -> datetime | None:
    """Parse a publication date; ``None`` when ``text`` holds no recognizable, plausible date.

    See ``read_datetime`` for the rules and for the reason a date is refused.
    """
    return read_datetime(text)[0]


def as_utc_if_naive(when: datetime) -> datetime:
    """``when`` with a zone: a naive time is read as UTC (as ordering and clustering already read it)."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def iso8601(when: datetime) -> str:
    """The one timestamp format newsbrief writes: ISO 8601 to the second with an offset.

    ``2020-01-13T17:42:00+09:00``; a naive time is read as UTC (``+00:00``); fractions of a second
    are dropped. The offset is kept as given, never converted, so the reader sees the outlet's
    local time.
    """
    return as_utc_if_naive(when).isoformat(timespec="seconds")
