"""What one sentence states that outlets can disagree on: its values (``newsbrief.values``) and its
dates, read on its article's date (``newsbrief.datefind``).

Kept apart from the alignment, which only pairs sentences: the alignment and the claims both read
a sentence's values here, so both compare the same things.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsbrief.datefind import borrowed_base, find_dates
from newsbrief.docs import Doc
from newsbrief.values import Value, find_values

# a reported future: "said on Monday that the bridge would reopen in May"
_REPORTED_FUTURE = re.compile(
    r"\b(?:would|will|won't|shall|expected\s+to|set\s+to|due\s+to|plans?\s+to|scheduled\s+to)\b",
    re.IGNORECASE,
)
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|added|confirmed)\s+(?:\w+\s+)?(?:on\s+)?$",
    re.IGNORECASE,
)

# a sentence telling of an event still to come: "a vigil will take place at 4 p.m.", "the family
# is holding a vigil at 5 p.m. on Thursday", and the future of reported speech, "said the suspect
# would appear in court on Wednesday" (not "would have", a past that did not happen)
_AHEAD = re.compile(
    r"\b(?:will|would(?!\s+have\b)|(?:is|are)\s+(?:holding|hosting|planning|scheduled|set|due|expected)|"
    r"plans?\s+to|to\s+be\s+held|upcoming)\b",
    re.IGNORECASE,
)


def tells_future(text: str) -> bool:
    """Whether a sentence tells of an event still to come ("a memorial will take place at 4
    p.m.", "said he would appear in court on Wednesday"): its times and dates are of another event
    than a sentence telling one past ("the fire was put out at 7:40 p.m.", "appeared in court on
    Monday"), so the two never disagree about a time or a date. One regular-expression scan."""
    return _AHEAD.search(text) is not None


def sentence_values(docs: Sequence[Doc], n: int, i: int, base: date | None) -> list[Value]:
    """The values of sentence ``i`` of ``docs[n]`` (``newsbrief.values``), and its dates as
    values of slot ("date", precision), text "as written (ISO)".

    A date of saying ("said on Monday") is left out, and so are dates of a precision the sentence
    gives twice ("from March 4 to Sept. 18"): a range or a sequence is no single value of one slot.
    """
    s = docs[n].sentences[i]
    dates = sentence_dates(docs, n, i, base)
    skip = [(d.start - s.start, d.end - s.start) for d in dates]
    found = find_values(docs[n].text(i), offset=s.start, skip=skip)
    for precision in ("day", "month"):
        told = [d for d in dates if d.precision == precision and not d.said]
        if len(told) == 1:
            d = told[0]
            written = docs[n].article.text[d.start : d.end].strip()
            found.append(
                Value(("date", precision), float(d.ordinal), d.start, d.end, f"{written} ({d.date})")
            )
    return found


@dataclass(frozen=True, slots=True)
class SentenceDate:
    """A date a sentence gives: ISO prefix at its precision, offsets in the article's text.

    ``said`` when the date is when something was said ("said on Monday"): outlets report a
    statement on different days without contradicting each other about the fact.
    """

    start: int
    end: int
    date: str
    precision: str
    said: bool
    ordinal: int


def sentence_dates(docs: Sequence[Doc], n: int, i: int, base: date | None) -> list[SentenceDate]:
    """Dates of sentence ``i`` of ``docs[n]``, partial ones resolved on ``base`` (the article's
    date, from ``datefind.story_bases``).

    Reads ``datefind.find_dates``, then corrects one case it resolves backwards: a reported
    future ("said on Monday that the bridge would reopen in May", published in February) is the
    next May, not the last one.
    """
    s = docs[n].sentences[i]
    text = docs[n].text(i)
    out = []
    for m in find_dates(text, base, offset=s.start, around=borrowed_base(docs[n])):
        iso, when = m.date, date.fromisoformat(m.date + ("-01" * (2 - m.date.count("-"))))
        local = m.start - s.start
        ahead = _REPORTED_FUTURE.search(text[:local]) or _REPORTED_FUTURE.search(text[m.end - s.start :][:40])
        # a weekday is resolved within the week by its own tense cues: a "would" elsewhere in the
        # sentence ("ruled it out on Tuesday, saying she would finish her term") moves it no year
        if m.relative and m.kind != "wd" and base is not None and ahead and when < _floor(base, m.precision):
            when = _next_year(when)
            iso = when.isoformat()[: len(m.date)]
        said = bool(_SAID_BEFORE.search(text[max(0, local - 30) : local]))
        out.append(SentenceDate(m.start, m.end, iso, m.precision, said, when.toordinal()))
    return out


def _floor(base: date, precision: str) -> date:
    return base.replace(day=1) if precision == "month" else base


def _next_year(when: date) -> date:
    try:
        return when.replace(year=when.year + 1)
    except ValueError:  # 29 February
        return when.replace(year=when.year + 1, day=28)
