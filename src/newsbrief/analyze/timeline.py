"""Dated events of a story, with the precision the text gives them, one entry per event.

Order: find date expressions by rule (full dates, "Jan. 11", "February 2019", "in December",
"Saturday", "2018", "last year") → resolve the partial ones against the article's publication date
(the most recent such day or month before it, or the next one when the sentence speaks of the
future) → an undated article borrows the story's date (the median of the dated articles, else the
latest full date its texts mention) and what rests on it is marked inferred → one event per
sentence and date → the same date told by several outlets about the same things (a shared name or
shared words) is one event with every citation. Precision is kept: "June 2018" stays a month.

Rules, not dateparser's free-text search: a rule can say which precision the text gave, and that
is exactly what must not be lost.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from newsbrief.analyze.context import StoryContext, parse
from newsbrief.analyze.entities import EntityIndex, build_index
from newsbrief.model import Citation, TimelineEvent
from newsbrief.summarize.base import Doc
from newsbrief.summarize.text import content_stems

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_WEEKDAYS = {
    d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_MON = r"(?P<m>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_FULL_MON = r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<mo>\d{2})-(?P<d>\d{2})\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})\s+{_MON},?\s+{_YEAR}\b")),
    ("md", re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![,\d]*\s*\d)")),
    ("my", re.compile(rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}\b")),
    (
        "m",
        re.compile(
            rf"\b(?P<pre>in|since|until|till|by|last|this|next|early|late|mid|through|during)[\s-]+{_FULL_MON}(?![\w.]*\s*\d)"
        ),
    ),
    (
        "wd",
        re.compile(
            r"\b(?P<pre>on|last|this|next|since|until|by)?\s*(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    (
        "rel",
        re.compile(
            r"\b(?P<rel>(?P<dir>last|this|next)\s+(?P<unit>year|month)|yesterday|today|tomorrow)\b",
            re.IGNORECASE,
        ),
    ),
    ("y", re.compile(r"(?<![\w$.,-])(?P<y>(?:19|20)\d{2})(?![\w%-]|,\d|\.\d)")),
]
_FUTURE = re.compile(
    r"\b(?:will|upcoming|coming|next|scheduled|plans?\s+to|planning\s+to|expected\s+to|set\s+to|due\s+to|later\s+this)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[^;]+")
# Tense cues for a bare weekday ("on Monday"): the verb nearest to it decides past or future.
_PAST_CUE = re.compile(
    r"^(?:said|says|told|announced|reported|confirmed|issued|was|were|had|did|met|began|took|made|gave|"
    r"came|went|held|left|wrote|spoke|ago|last|since|earlier|\w+ed)$",
    re.IGNORECASE,
)
_FUTURE_CUE = re.compile(
    r"^(?:will|won't|shall|would|from|starting|beginning|until|till|next|scheduled|expected|set|due|plans?|"
    r"planned|upcoming|coming|later|tomorrow|is|are|to|"
    # the present tense of scheduled events: "the bridge closes on Monday", "the council meets Tuesday"
    r"opens|closes|starts|begins|ends|meets|resumes|returns|arrives|leaves|departs|holds|hosts|visits|"
    r"votes|launches|reopens|expires|takes)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z']+")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression, resolved: ISO prefix at its precision; ``relative`` when it needed a base."""

    start: int
    end: int
    date: str
    precision: str
    relative: bool


def _iso(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def find_dates(text: str, base: date | None, *, offset: int = 0) -> list[DateMention]:
    """Date expressions in ``text`` (offsets shifted by ``offset``), partial ones resolved on ``base``.

    A partial date ("Saturday", "in February") with no ``base`` is dropped rather than guessed.
    """
    future = bool(_FUTURE.search(text))
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < b and e > a for a, b in taken):
                continue
            near = _local_tense(text, s, e) if kind == "wd" else None
            found = _resolve(kind, m, base, future if near is None else near == "future")
            if found is None:
                continue
            d, precision, relative = found
            taken.append((s, e))
            out.append(DateMention(offset + s, offset + e, _iso(d, precision), precision, relative))
    out.sort(key=lambda x: x.start)
    return out


def _local_tense(text: str, start: int, end: int) -> str | None:
    """ "past" or "future" from the verb nearest a date mention, within its clause; None if unclear.

    A sentence-wide test misreads "Repairs will shut the bridge from Monday, the city said on
    Friday": Monday is ahead ("from"), Friday behind ("said"). The closest cue before the mention
    wins ("said on Friday", "will close on Monday"); failing that, the first one after it
    ("on Friday, officials said").
    """
    before = re.split(r"[,;:()]", text[max(0, start - 80) : start])[-1]
    for word in reversed(_WORD.findall(before)):
        if _FUTURE_CUE.match(word):
            return "future"
        if _PAST_CUE.match(word):
            return "past"
    after = re.split(r"[.;:()]", text[end : end + 60])[0]
    for word in _WORD.findall(after)[:6]:
        if _FUTURE_CUE.match(word):
            return "future"
        if _PAST_CUE.match(word):
            return "past"
    return None


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _resolve(kind: str, m: re.Match[str], base: date | None, future: bool) -> tuple[date, str, bool] | None:
    try:
        if kind == "iso":
            return date(int(m["y"]), int(m["mo"]), int(m["d"])), "day", False
        if kind in ("mdy", "dmy"):
            return date(int(m["y"]), _month(m["m"]), int(m["d"])), "day", False
        if kind == "my":
            return date(int(m["y"]), _month(m["m"]), 1), "month", False
        if kind == "y":
            return date(int(m["y"]), 1, 1), "year", False
    except ValueError:
        return None
    if base is None:
        return None
    if kind == "md":
        month, day = _month(m["m"]), int(m["d"])
        options = []
        for y in (base.year - 1, base.year, base.year + 1):
            try:
                options.append(date(y, month, day))
            except ValueError:
                continue
        return _pick(options, base, future), "day", True
    if kind == "m":
        month = _month(m["m"])
        pre = m["pre"].lower()
        options = [date(y, month, 1) for y in (base.year - 1, base.year, base.year + 1)]
        here = date(base.year, base.month, 1)
        if pre == "last":
            return max(o for o in options if o < here), "month", True
        if pre == "next":
            return min(o for o in options if o > here), "month", True
        return _pick(options, here, future or pre in ("until", "till", "by")), "month", True
    if kind == "wd":
        target = _WEEKDAYS[m["wd"].lower()]
        pre = (m["pre"] or "").lower()
        back = (base.weekday() - target) % 7
        ahead = (target - base.weekday()) % 7
        if pre == "next" or (future and pre not in ("last", "since")):
            return base + timedelta(days=ahead or 7 if pre == "next" else ahead), "day", True
        return base - timedelta(days=back), "day", True
    if kind == "rel":
        rel = m["rel"].lower()
        if rel in ("yesterday", "today", "tomorrow"):
            return base + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[rel]), "day", True
        step = {"last": -1, "this": 0, "next": 1}[m["dir"].lower()]
        if m["unit"].lower() == "year":
            return date(base.year + step, 1, 1), "year", True
        month_index = base.year * 12 + base.month - 1 + step
        return date(month_index // 12, month_index % 12 + 1, 1), "month", True
    return None


def _pick(options: list[date], base: date, future: bool) -> date:
    """The latest option on or before ``base``; the earliest after it when the text looks ahead."""
    if future:
        later = [o for o in options if o >= base]
        if later:
            return min(later)
    earlier = [o for o in options if o <= base]
    return max(earlier) if earlier else min(options)


def story_bases(docs: Sequence[Doc]) -> list[tuple[date | None, bool]]:
    """Each article's date to resolve partial dates on, and whether it was inferred.

    An undated article takes the median publication date of the story's dated articles; when none
    is dated, the latest full date any article mentions (the story cannot be older than that).
    """

    def as_date(when: datetime) -> date:
        return (when.astimezone(UTC) if when.tzinfo else when).date()

    dated = sorted(as_date(d.article.published) for d in docs if d.article.published is not None)
    fallback: date | None = None
    if dated:
        fallback = date.fromordinal(int(statistics.median_low([d.toordinal() for d in dated])))
    else:
        full = [
            date.fromisoformat(x.date)
            for d in docs
            for x in find_dates(d.article.text, None)
            if x.precision == "day"
        ]
        today = datetime.now(UTC).date()
        full = [f for f in full if f <= today]
        fallback = max(full) if full else None
    return [
        (as_date(d.article.published), False)
        if d.article.published is not None
        else (fallback, fallback is not None)
        for d in docs
    ]


@dataclass
class _Ev:
    doc: int
    sentence: int
    date: str
    precision: str
    inferred: bool
    start: int
    end: int
    stems: frozenset[str]
    names: frozenset[str]


def build_timeline(
    docs: Sequence[Doc] | StoryContext, index: EntityIndex | None = None
) -> tuple[TimelineEvent, ...]:
    """The story's dated events, oldest first, each with every outlet's citation."""
    ctx = docs if isinstance(docs, StoryContext) else parse(docs)
    idx = index or build_index(ctx)
    bases = story_bases(ctx.docs)
    events: list[_Ev] = []
    for n, d in enumerate(ctx.docs):
        base, base_inferred = bases[n]
        text = d.article.text
        for i, s in enumerate(d.sentences):
            sentence = text[s.start : s.end]
            if len(sentence.split()) < 5:
                continue
            seen: set[tuple[str, str]] = set()
            for x in find_dates(sentence, base, offset=s.start):
                if (x.date, x.precision) in seen:
                    continue
                seen.add((x.date, x.precision))
                lo, hi = _clause(text, s.start, s.end, x.start)
                names = frozenset(m.entity for m in idx.in_range(n, lo, hi) if not m.ambiguous)
                events.append(
                    _Ev(
                        n,
                        i,
                        x.date,
                        x.precision,
                        x.relative and base_inferred,
                        lo,
                        hi,
                        frozenset(content_stems(text[lo:hi])),
                        names,
                    )
                )
    return _merge(ctx, events)


def _clause(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The ';'-separated part of the sentence holding ``at`` when it can stand alone, else the sentence."""
    for m in _CLAUSE.finditer(text, start, end):
        if m.start() <= at < m.end():
            part = m.group()
            if len(part.split()) >= 6:
                lead = len(part) - len(part.lstrip(" ,"))
                trail = len(part) - len(part.rstrip())
                return m.start() + lead, m.end() - trail
    return start, end


def _merge(ctx: StoryContext, events: list[_Ev]) -> tuple[TimelineEvent, ...]:
    by_date: dict[tuple[str, str], list[_Ev]] = {}
    for e in events:
        by_date.setdefault((e.date, e.precision), []).append(e)
    out: list[TimelineEvent] = []
    for (when, precision), group in by_date.items():
        parent = list(range(len(group)))

        def root(x: int, parent: list[int] = parent) -> int:
            while parent[x] != x:
                x = parent[x]
            return x

        for a in range(len(group)):
            for b in range(a + 1, len(group)):
                if _same_event(group[a], group[b]):
                    parent[max(root(a), root(b))] = min(root(a), root(b))
        clusters: dict[int, list[_Ev]] = {}
        for k, e in enumerate(group):
            clusters.setdefault(root(k), []).append(e)
        for members in clusters.values():
            members.sort(key=lambda e: (e.inferred, e.doc, e.start))
            lead = members[0]
            text = " ".join(ctx.docs[lead.doc].article.text[lead.start : lead.end].split())
            citations: list[Citation] = []
            for e in sorted(members, key=lambda e: (e.doc, e.start)):
                c = ctx.cite(e.doc, e.start, e.end)
                if c not in citations:
                    citations.append(c)
            out.append(
                TimelineEvent(when, precision, text, tuple(citations), all(e.inferred for e in members))
            )
    out.sort(key=lambda e: (e.date, e.text))
    return tuple(out)


def _same_event(a: _Ev, b: _Ev) -> bool:
    if a.doc == b.doc and a.sentence == b.sentence:
        return True
    overlap = len(a.stems & b.stems) / (len(a.stems | b.stems) or 1)
    if a.precision == "year":
        return overlap >= 0.25
    return overlap >= 0.2 or bool(a.names & b.names)
