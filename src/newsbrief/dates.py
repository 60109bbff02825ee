"""Date parsing shared by ingest (publication dates) and analysis (event dates).

dateparser is imported lazily: it costs most of a second, and most commands never need it when the
input carries ISO dates.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")
# Time-zone abbreviations dateparser does not know but Asian outlets print.
_TZ_FIX = {"KST": "+0900", "JST": "+0900", "HKT": "+0800", "SGT": "+0800", "IST": "+0530"}


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    import dateparser

    return dateparser


def parse_datetime(text: str | None) -> datetime | None:
    """Parse a publication date; ``None`` when ``text`` holds no recognizable date.

    Results are timezone-aware when the input names an offset, naive otherwise; a bare year or a
    date far in the future is rejected rather than guessed.
    """
    if not text:
        return None
    text = text.strip()
    if not text or len(text) > 80:
        return None
    if _ISO.match(text):
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    for abbr, offset in _TZ_FIX.items():
        text = re.sub(rf"\b{abbr}\b", offset, text)
    if not re.search(r"\d", text):
        return None
    parsed = _dateparser().parse(
        text,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    if parsed is None:
        return None
    result: datetime = parsed
    now = datetime.now(UTC) if result.tzinfo else datetime.now()
    if result.year < 1900 or (result - now).days > 2:
        return None
    return result
