"""Whether two sentences' values can both be true: ``agree`` for two values of one slot,
``clashes`` for two sentences' value lists (``newsbrief.values.find_values``).

Kept apart from reading values: finding is a set of patterns over one sentence, comparing is
arithmetic over two (hedges, bounds, rounding, the plural of a kin). Pure Python, no model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsbrief.values import Value


def agree(a: Value, b: Value) -> bool:
    """Whether two values of one slot can both be true.

    Equal values agree, unless one is bounded below and the other above ("nearly 50" / "more
    than 50"). A range agrees with any value or range it overlaps ("40-50 feet" / "50ft"). A hedged value ("about 5 p.m.", "nearly 40 km") agrees with one within
    its slack: 15 minutes for a clock time, else 10% or half its leading digit's place. Raises
    ``ValueError`` for values of different slots (they are not comparable at all).
    """
    if a.slot != b.slot:
        raise ValueError(f"values of different slots are not comparable: {a.slot} vs {b.slot}")
    if a.bound == "half-day" or b.bound == "half-day":  # "5:00" is 5 a.m. or 5 p.m.
        a0, b0 = replace(a, bound=""), replace(b, bound="")
        turns = [(x, y) for x in _halves(a) for y in _halves(b)]
        return any(agree(replace(a0, value=x), replace(b0, value=y)) for x, y in turns)
    if "plural" in (a.bound, b.bound):  # "sons" is any number from 2 up
        return min(a.value, b.value) >= 2.0
    if a.utc_offset is not None and b.utc_offset is not None and a.utc_offset != b.utc_offset:
        # two zones written ("9:15 p.m. ET" / "6:15 p.m. PT"): compare the moments in UTC; a
        # time without a zone is read in the zone of the other (a story's times are local)
        shift = (b.utc_offset - a.utc_offset) % 1440
        return agree(replace(a, value=(a.value + shift) % 1440, utc_offset=b.utc_offset), b)
    if a.low is not None or b.low is not None:  # "40-50 feet" holds every length from 40 to 50 feet
        sa, sb = _slack(a), _slack(b)
        low_a, low_b = a.value if a.low is None else a.low, b.value if b.low is None else b.low
        return low_a - sa <= b.value + sb and low_b - sb <= a.value + sa
    if a.slot[0] in _ROUNDED and _rounds_to(a, b):
        return True
    if abs(a.value - b.value) <= 1e-9 * max(abs(a.value), abs(b.value), 1.0):
        # "nearly double" and "more than double" are the same number on opposite sides of it
        return {a.bound, b.bound} != {"below", "above"}
    if not (a.approximate or b.approximate):
        return False
    slack = 15.0 if a.slot[0] == "time" else max(_slack(a), _slack(b))
    return abs(a.value - b.value) <= slack


def _halves(v: Value) -> tuple[float, ...]:
    """The minutes after midnight a clock time may be: both halves of the day for "half-day"."""
    return (v.value, (v.value + 720.0) % 1440.0) if v.bound == "half-day" else (v.value,)


_ROUNDED = frozenset({"money", "percent"})
_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _step(v: Value) -> float | None:
    """The place of the last digit written, in the slot's unit: "$24" 1, "$23.99" 0.01, "$1.2
    billion" 1e8; None when the text holds no digits ("twelve")."""
    m = _DIGITS.search(v.text)
    if m is None:
        return None
    number = float(m.group(0).replace(",", ""))
    scale = v.value / number if number else 1.0
    return 10.0 ** -len(m.group(1) or "") * scale


def _rounds_to(a: Value, b: Value) -> bool:
    """Whether the more precisely written value rounds to the other ("$23.99" / "$24", "57.3
    percent" / "57 percent"): writers round amounts, so a rounding is the same amount."""
    sa, sb = _step(a), _step(b)
    if sa is None or sb is None or math.isclose(sa, sb):
        return False
    return abs(a.value - b.value) <= max(sa, sb) / 2 + 1e-9


def _slack(v: Value) -> float:
    """How far a hedged value may be off: 10%, or half its leading digit's place when the writer
    rounded harder ("nearly two cents" covers 1.75 cents; "about 75,000" covers 71,000)."""
    if not v.approximate or v.value == 0:
        return 0.0
    place = 10.0 ** math.floor(math.log10(abs(v.value)))
    return max(0.1 * abs(v.value), 0.5 * place)


@dataclass(frozen=True, slots=True)
class Clash:
    """Two sentences' values of one slot that cannot both be true (the first value of each side)."""

    slot: tuple[str, str]
    a: Value
    b: Value


def clashes(a: Sequence[Value], b: Sequence[Value]) -> list[Clash]:
    """Slots both value lists fill where no value of one side agrees with any value of the other.

    Set-wise on purpose: a sentence may give several values of one slot ("3 killed and 4 hurt" are
    both counts of different nouns, but "12 or 14 people" are two of one), and only a slot where
    the two sides share no compatible value is a contradiction. Who a group is ("mostly adults" /
    "all children") is compared only when both sentences count one group: the same number, plain
    (not hedged), whatever noun counts it ("85 people" / "85 cases").
    """
    slots = sorted({v.slot for v in a} & {v.slot for v in b})
    out = []
    for slot in slots:
        if slot[0] == "scope" and not _one_group(a, b):
            continue
        va = [v for v in a if v.slot == slot]
        vb = [v for v in b if v.slot == slot]
        if not any(agree(x, y) for x in va for y in vb):
            out.append(Clash(slot, va[0], vb[0]))
    return out


def _one_group(a: Sequence[Value], b: Sequence[Value]) -> bool:
    """Whether two sentences give the same plain count (any noun): then they count one group."""
    counts = {v.value for v in a if v.slot[0] == "count" and not v.approximate}
    return any(v.slot[0] == "count" and not v.approximate and v.value in counts for v in b)
