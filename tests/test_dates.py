"""Publication dates: what is read, what is refused and why, and the one format written."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsbrief.dates import implausible, iso8601, parse_datetime, read_datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-13T17:42:00+09:00", "2020-01-13T17:42:00+09:00"),
        ("2020-01-13T17:42:00+0900", "2020-01-13T17:42:00+09:00"),
        ("2024-03-05T09:30:00Z", "2024-03-05T09:30:00+00:00"),
        ("2020-01-13 17:42 KST", "2020-01-13T17:42:00+09:00"),
        ("2020-01-13 17:42:05 +09:00", "2020-01-13T17:42:05+09:00"),
        ("13 January 2020 17:42 KST", "2020-01-13T17:42:00+09:00"),
        ("05.03.2024", "2024-03-05T00:00:00"),  # dotted: day first, as it is written everywhere
        ("5.3.2024 14:00", "2024-03-05T14:00:00"),
        ("03/05/2024", "2024-03-05T00:00:00"),  # slashed: month first, as dateparser reads English
    ],
)
def test_time_and_zone_are_kept(text: str, expected: str) -> None:
    when = parse_datetime(text)
    assert when is not None and when.isoformat() == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("9999-12-31T23:59:59+14:00", "implausible (after "),
        ("0001-01-01T00:00:00+05:00", "implausible (before 1900)"),
        ("1899-12-31", "implausible (before 1900)"),
        ("2020-02-30", "not a valid date"),
        ("yesterday-ish", "not a date"),
    ],
)
def test_refused_dates_say_why(text: str, reason: str) -> None:
    when, why = read_datetime(text)
    assert when is None and why.startswith(reason)


def test_empty_input_is_no_date_and_no_complaint() -> None:
    assert read_datetime("") == (None, "") and read_datetime("   ") == (None, "")


def test_plausible_window_is_1900_to_next_year() -> None:
    now = datetime(2026, 6, 1)
    assert implausible(datetime(1900, 1, 1), now=now) == ""
    assert implausible(datetime(2027, 12, 31, 23, 59), now=now) == ""
    assert implausible(datetime(2028, 1, 1), now=now) == "after 2027"
    # edges of the calendar with offsets: compared without any zone arithmetic, so no OverflowError
    edge = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=14)))
    assert implausible(edge, now=now) == "after 2027"


def test_iso8601_is_one_format_with_offset() -> None:
    kst = timezone(timedelta(hours=9))
    assert iso8601(datetime(2020, 1, 13, 17, 42, tzinfo=kst)) == "2020-01-13T17:42:00+09:00"
    assert iso8601(datetime(2020, 1, 13, 17, 42, 5, 123456, tzinfo=UTC)) == "2020-01-13T17:42:05+00:00"
    assert iso8601(datetime(2024, 3, 5, 11, 0)) == "2024-03-05T11:00:00+00:00"  # naive read as UTC


def test_a_stamp_with_a_spaced_offset_is_read_without_dateparser() -> None:
    """The commonest stamp outlets print ("2020-01-13 17:42 KST") is ISO once its zone is an offset;
    it is read directly, so a brief of such articles never imports dateparser (~0.7 CPU s)."""
    script = (
        "import sys; from newsbrief.dates import read_datetime; "
        "when, why = read_datetime('2020-01-13 17:42 KST'); "
        "print(when.isoformat(), 'dateparser' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["2020-01-13T17:42:00+09:00", "False"]


def test_an_offset_past_a_day_is_named_in_plain_words() -> None:
    for text in ("2024-03-05T10:00:00+25:00", "March 5, 2024 10:00 -2500"):
        when, why = read_datetime(text)
        assert when is None
        assert "time zone offset" in why and "within ±24 hours" in why and "timedelta" not in why
    assert read_datetime("2024-03-05T10:00:00+05:30")[0] is not None


def test_a_time_relative_to_now_is_no_date() -> None:
    # dateparser read '5 minutes ago' as the clock's time less five minutes: a date that changed
    # from run to run and was never the article's
    for text in ("5 minutes ago", "2 hours", "in 3 days", "an hour ago"):
        when, why = read_datetime(text)
        assert when is None and "relative to when it was read" in why
    assert read_datetime("Monday, March 4, 2024 5:30 PM")[0] == datetime(2024, 3, 4, 17, 30)
