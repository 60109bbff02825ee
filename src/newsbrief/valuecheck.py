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

from newsbrief.values import TIME_TAKEN, Value, is_time_taken, time_taken_readings


def agree(a: Value, b: Value) -> bool:
    """Whether two values of one slot can both be true: whether the spans of numbers they allow
    overlap (``_span``).

    A plain value is its number; a range holds every value between its ends ("40-50 feet" /
    "50ft"); a hedged value ("about 5 p.m.", "roughly 40 km") holds the numbers within its
    slack: 15 minutes for a clock time, else 10% or half its leading digit's place; a bounded
    one lies on one side of its number ("more than 70 meters" / "80 meters", "up to 30" / "25",
    "nearly 200" / "190" within its slack below); two maxima ("up to 15 years" / "as many as 12
    years") agree only when their caps do, within rounding. Two bounds that meet only at a number both
    exclude clash ("nearly double" / "more than double"); a plain value at a bound's own number
    agrees with it ("more than 50" / "50": the plain one may be rounded). A time taken
    (``values.is_time_taken``) is compared to the place its writer gave, in every way it reads ("2:05"
    is h:mm or m:ss: ``_taken_meet``). Raises ``ValueError``
    for values of different slots (they are not comparable at all).
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
    if is_time_taken(a.slot):
        return any(
            _taken_meet(replace(a, value=x), sx, replace(b, value=y), sy)
            for x, sx in time_taken_readings(a.text) or ((a.value, 1.0),)
            for y, sy in time_taken_readings(b.text) or ((b.value, 1.0),)
        )
    if a.bound == b.bound == "at-most" and a.low is None and b.low is None:
        # two maxima of one thing name the cap itself ("faces up to 15 years" / "could be
        # sentenced to as many as 12 years"): they agree when the caps do, within rounding,
        # not because 12 is below 15 (a reader sees two outlets disagree about the maximum)
        return abs(a.value - b.value) <= max(_slack(a), _slack(b)) + 1e-9 * max(abs(a.value), 1.0)
    if a.slot[0] in _ROUNDED and _plain_or_hedged(a) and _plain_or_hedged(b) and _rounds_to(a, b):
        # "$23.99" / "$24": a rounding is the same amount; a bound is not ("more than $2 million" /
        # "$1.8 million" lie on two sides of it)
        return True
    return _meet(a, b, _span(a), _span(b))


def _taken_meet(a: Value, unit_a: float, b: Value, unit_b: float) -> bool:
    """Whether two times taken, each read one way (``values.time_taken_readings``: seconds, and the
    unit of the last place written), can both be true. Written plain, the one written to the
    coarser place covers the other within that place ("2:05" / "2:05:30": one time, its seconds
    left out; "3:51" / "3:51.2"); to one place they must be equal ("2:05" / "2:07"). Hedged, a
    time may be off by one unit of its last place ("about 2:05" / "2:05:50"); bounded, it lies on
    its side ("under 2:10" / "2:09:30")."""
    if _plain(a) and _plain(b):
        return abs(a.value - b.value) < max(unit_a, unit_b) * (1 - 1e-6)
    sa = _span(a, unit_a if a.approximate else 0.0)
    sb = _span(b, unit_b if b.approximate else 0.0)
    return _meet(a, b, sa, sb)


def _meet(a: Value, b: Value, sa: _Span, sb: _Span) -> bool:
    """Whether the spans of numbers ``sa`` and ``sb`` that two values allow (``_span``) overlap."""
    if _plain(a) or _plain(b):  # a plain number meets a bound's own number ("more than 50" / "50")
        sa, sb = (sa[0], False, sa[2], False), (sb[0], False, sb[2], False)
    # the tighter end where two ends fall on one number is the one that excludes it
    lo, lo_open = max((sa[0], sa[1]), (sb[0], sb[1]))
    hi, hi_closed = min((sa[2], not sa[3]), (sb[2], not sb[3]))
    eps = 1e-9 * max(abs(a.value), abs(b.value), 1.0)  # "$1.2 billion" / "$1,200 million"
    if lo < hi - eps:
        return True
    return lo <= hi + eps and not lo_open and hi_closed


# the numbers a value allows: (low, low end excluded, high, high end excluded)
_Span = tuple[float, bool, float, bool]


def _span(v: Value, slack: float | None = None) -> _Span:
    """The numbers ``v`` allows, by its bound (``Value.bound``), its range and its slack (``_slack``
    unless given): "more than 70" is (70, inf) without 70, "up to 30" (-inf, 30], "nearly 200"
    [150, 200) (the slack below it), "about 5 p.m." 4:45 to 5:15 p.m., "40-50 feet" 40 to 50 feet."""
    low = v.value if v.low is None else v.low
    slack = _slack(v) if slack is None else slack
    if v.bound == "above":
        return low, True, math.inf, False
    if v.bound == "at-least":
        return low, False, math.inf, False
    if v.bound == "below":
        return -math.inf, False, v.value, True
    if v.bound == "at-most":
        return -math.inf, False, v.value, False
    if v.bound == "nearly":
        return low - slack, False, v.value, True
    if v.bound == "just-over":
        return low, True, v.value + slack, False
    return low - slack, False, v.value + slack, False


def _plain_or_hedged(v: Value) -> bool:
    """A single number, maybe hedged ("about $24"): no bound, not a range."""
    return not v.bound and v.low is None


def _plain(v: Value) -> bool:
    """A value written as a plain number: no hedge, no bound, not a range."""
    return not v.approximate and not v.bound and v.low is None


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
    """How far a hedged value may be off: 15 minutes for a clock time, else 10%, or half the place of
    its last digit written when the writer rounded harder ("nearly two cents" covers 1.75 cents;
    "about 75,000" covers 71,000). The place is the last *written* digit's, not the leading one's:
    "about 1.2 million" is rounded to a tenth of a million, so it never reaches "roughly 1.8
    million"."""
    if not v.approximate or v.value == 0:
        return 0.0
    if v.slot[0] == "time":
        return 15.0
    return max(0.1 * abs(v.value), 0.5 * _rounded_to(v))


def _rounded_to(v: Value) -> float:
    """The place of the last significant digit of ``v`` as written, in the slot's unit: "1.2
    million" 100,000, "75,000" 1,000, "$40" 10; a number in words ("two cents") its leading
    digit's place."""
    m = _DIGITS.search(v.text)
    number = float(m.group(0).replace(",", "")) if m else 0.0
    if m is None or number == 0:
        return 10.0 ** math.floor(math.log10(abs(v.value)))
    scale = abs(v.value) / number
    decimals = m.group(1)
    if decimals:
        return 10.0 ** -len(decimals) * scale
    digits = m.group(0).replace(",", "").split(".")[0]
    return 10.0 ** (len(digits) - len(digits.rstrip("0"))) * scale


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


def of_different_finishers(a: Sequence[Value], b: Sequence[Value]) -> bool:
    """Whether two sentences give times taken of named finishers and none in common ("Cole won in
    2:05" / "Ruiz was second in 2:07", ``values.is_time_taken``): two finishers' times are two
    facts, neither one fact nor a contradiction, however alike the sentences read otherwise."""
    named_a = {v.slot for v in a if is_time_taken(v.slot) and v.slot[1] != TIME_TAKEN}
    named_b = {v.slot for v in b if is_time_taken(v.slot) and v.slot[1] != TIME_TAKEN}
    return bool(named_a) and bool(named_b) and not named_a & named_b
