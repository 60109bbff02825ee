"""Date expressions in text, resolved to ISO prefixes at the precision the text gives them.

Rules, not dateparser's free-text search: a rule can say which precision the text gave ("June
2018" stays a month), and that is exactly what a timeline must not lose. Partial dates ("Saturday",
"in May", "Jan. 11", "last year") are resolved on a base date, the article's own date, in the
direction the governing verb's tense gives; the caller passes that tense (the timeline reads it off
a dependency parse), and a cue-word rule stands in when it does not.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from newsbrief.docs import Doc

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
# Fixed-date holidays news names instead of a date ("marked the New Year", "on Christmas Eve").
_HOLIDAYS = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "new year": (1, 1),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
}
_MON = r"(?P<m>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_FULL_MON = r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
# A weekday written in front of a full date ("Tuesday, Jan. 24, 2017") belongs to that date.
_WD_LEAD = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<mo>\d{2})-(?P<d>\d{2})\b")),
    ("mdy", re.compile(rf"\b{_WD_LEAD}{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_WD_LEAD}(?P<d>\d{{1,2}})\s+{_MON},?\s+{_YEAR}\b")),
    ("md", re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![,\d]*\s*\d)")),
    ("my", re.compile(rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}\b")),
    # a span of years is one date expression, dated by its start: "between 1998-2004", "from 2010 to 2014"
    (
        "yr",
        re.compile(
            rf"(?<![\w$.,-]){_YEAR}(?:\s*[-–—]\s*(?:19|20)?\d{{2}}|\s+(?:to|through|until)\s+(?:19|20)\d{{2}})(?![\w%-]|,\d|\.\d)"
        ),
    ),
    (
        "m",
        re.compile(
            rf"\b(?P<pre>in|since|until|till|by|last|this|next|early|late|mid|through|during)[\s-]+{_FULL_MON}(?![\w.]*\s*\d)"
        ),
    ),
    # only the forms that name the day: "Lunar New Year" moves, "Christmas shopping" is a season
    (
        "hol",
        re.compile(
            r"(?:\b(?P<h>New Year['’]s (?:Day|Eve)|Christmas (?:Eve|Day))|(?<=\bthe )(?P<h2>New Year)(?!['’]s)|(?<=\bon )(?P<h3>Christmas))\b"
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
            # not re.IGNORECASE: "TODAY" in capitals is a programme's name
            r"\b(?P<rel>(?P<dir>[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<unit>year|month)|[Yy]esterday|[Tt]oday|[Tt]omorrow)\b",
        ),
    ),
    ("y", re.compile(r"(?<![\w$.,-])(?P<y>(?:19|20)\d{2})(?![\w%-]|,\d|\.\d)")),
]
# Kinds whose resolution depends on whether the text looks back or ahead.
TENSED = frozenset({"md", "m", "hol", "wd"})
_FUTURE = re.compile(
    r"\b(?:will|upcoming|coming|next|scheduled|plans?\s+to|planning\s+to|expected\s+to|set\s+to|due\s+to|later\s+this)\b",
    re.IGNORECASE,
)
# The cue-word fallback (no parse at hand): the nearest tense cue before a bare weekday decides.
_PAST_CUE = re.compile(
    r"^(?:said|says|told|announced|reported|confirmed|issued|was|were|had|did|met|began|took|made|gave|"
    r"came|went|held|left|wrote|spoke|ago|last|since|earlier|flew|struck|fell|ran|won|lost|saw|found|"
    r"got|put|sent|spent|brought|caught|drove|rode|hit|shot|led|paid|sold|bought|told|thought|"
    r"stood|sat|broke|chose|rose|woke|wore|threw|grew|drew|knew|became|\w+ed)$",
    re.IGNORECASE,
)
_FUTURE_CUE = re.compile(
    r"^(?:will|won't|shall|would|from|starting|beginning|until|till|next|scheduled|expected|set|due|plans?|"
    r"planned|upcoming|coming|later|tomorrow|is|are|"
    # the present tense of scheduled events: "the bridge closes on Monday", "the council meets Tuesday"
    r"opens|closes|starts|begins|ends|meets|resumes|returns|arrives|leaves|departs|holds|hosts|visits|"
    r"votes|launches|reopens|expires|takes)$",
    re.IGNORECASE,
)
# Verbs of forecast: the deadline ("by", "until") of what they tell lies ahead, whatever their tense.
_FORECAST = re.compile(
    r"^(?:warn|forecast|predict|expect|project|anticipat|caution|fear)(?:s|ed|e|es|ing)?$", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z']+")
# the future a participle after it takes on: "will stay closed", "would be delayed", "expected to reopen"
_AHEAD_OF_PARTICIPLE = frozenset({"will", "would", "shall", "won't", "expected", "scheduled", "due"})
_SPAN_START = frozenset({"from", "starting", "beginning", "until", "till"})
# What may stand between two dates of one expression: "Feb. 1 to Sept. 30, 2019", "Monday or Tuesday".
_JOIN = re.compile(r"^\s*(?:,|and|or|to|through|until|till|of|[-–—])?\s*(?:on\s+)?$", re.IGNORECASE)

Tense = Callable[[int, int], str | None]
"""Tense of the verb governing the date mention at ``[start, end)`` of the text: "past", "future" or None."""


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression, resolved: ISO prefix at its precision; ``relative`` when it needed a base.

    ``start``/``end`` are character offsets (shifted by the caller's offset); ``kind`` names the
    rule that matched (``iso``, ``mdy``, ``md``, ``wd``, ``y``, ...).
    """

    start: int
    end: int
    date: str
    precision: str
    relative: bool
    kind: str = ""


def iso(d: date, precision: str) -> str:
    """``d`` written at ``precision`` ("year" → "2019", "month" → "2019-02", "day" → "2019-02-27")."""
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def find_dates(
    text: str,
    base: date | None,
    *,
    offset: int = 0,
    tense: Tense | None = None,
    anchor: date | None = None,
    around: bool = False,
) -> list[DateMention]:
    """Date expressions in ``text`` (offsets shifted by ``offset``), partial ones resolved on ``base``.

    ``tense(start, end)`` (offsets into ``text``) says whether the verb governing a partial date
    looks back or ahead; without it, or when it returns None, the nearest cue word decides.
    ``anchor`` is the date the narrative last named with its year ("In August 2014, … On
    September 12, …"): a day without a year is the one nearest to it, the year carried over. A
    partial date ("Saturday", "in February") with neither is dropped rather than guessed.
    ``around`` when ``base`` is only a guess at the article's day (``borrowed_base``: the story's
    date, not the article's own): a weekday told in the past is then the one nearest to it, ahead
    or behind ("reported Wednesday" on a story dated by Tuesday's crash is the day after), since
    the article was written on or after that day, not before it.
    Pure regular expressions: ~50 µs per sentence. Without ``tense`` the result depends on the
    text, ``base`` and ``anchor`` alone, and is kept (``_untensed``): a brief reads each sentence's
    dates in the alignment, the claims and the timeline, three times over.
    """
    if tense is None:
        found = _untensed(text, base, anchor, around)
        if not offset:
            return list(found)
        return [replace(x, start=x.start + offset, end=x.end + offset) for x in found]
    return _find(text, base, offset, tense, anchor, around)


@lru_cache(maxsize=4096)
def _untensed(text: str, base: date | None, anchor: date | None, around: bool) -> tuple[DateMention, ...]:
    """``find_dates`` without a tense, at offset 0 (mentions are frozen: the tuple is shared).

    4,096 sentences: a large story's worth; the key holds only the sentence, not its article.
    """
    return tuple(_find(text, base, 0, None, anchor, around))


def _find(
    text: str, base: date | None, offset: int, tense: Tense | None, anchor: date | None, around: bool = False
) -> list[DateMention]:
    sentence_future = bool(_FUTURE.search(text))
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < b and e > a for a, b in taken):
                continue
            future = sentence_future
            if kind in TENSED:
                told = tense(s, e) if tense is not None else None
                if told is None and kind == "wd":
                    told = _cue_tense(text, s, e)
                if told is not None:
                    future = told == "future"
            if kind == "md" and anchor is not None:
                found = _nearest(m, anchor)
            else:
                found = _resolve(kind, m, base, future, around)
            if found is None:
                continue
            d, precision, relative = found
            taken.append((s, e))
            out.append(DateMention(offset + s, offset + e, iso(d, precision), precision, relative, kind))
    out.sort(key=lambda x: x.start)
    return out


def join_groups(text: str, mentions: list[DateMention], *, offset: int = 0) -> list[list[DateMention]]:
    """Mentions of one sentence grouped into date expressions: a range or a list is one group.

    "From Feb. 1 to Sept. 30, 2019", "in 2012 or 2016", "Monday and Tuesday": only a connector
    ("to", "and", "or", a dash, a comma) stands between the members. ``mentions`` are sorted by
    start; ``offset`` is the position of ``text`` in the offsets the mentions carry.
    """
    groups: list[list[DateMention]] = []
    for x in mentions:
        if groups:
            gap = text[groups[-1][-1].end - offset : x.start - offset]
            if _JOIN.match(gap):
                groups[-1].append(x)
                continue
        groups.append([x])
    return groups


def representative(group: list[DateMention]) -> DateMention:
    """The date a range or list is listed under: its first date the text states in full.

    "Feb. 1 to Sept. 30, 2019" is dated Sept. 30, 2019 (the start borrows its year from the end, and
    a count "from … to" stands as of its end); "1998-2004" by 1998.
    """
    stated = [x for x in group if not x.relative]
    return (stated or group)[0]


def _cue_tense(text: str, start: int, end: int) -> str | None:
    """ "past" or "future" from the verb nearest a date mention, within its clause; None if unclear.

    The fallback when no parse is at hand: "Repairs will shut the bridge from Monday, the city said
    on Friday" — Monday is ahead ("from"), Friday behind ("said"). The closest cue before the
    mention wins; failing that, the first one after it ("on Friday, officials said").
    """
    before = re.split(r"[,;:()]", text[max(0, start - 80) : start])[-1]
    words = _WORD.findall(before)
    if re.match(r"(?:by|until)\b", text[start:end], re.IGNORECASE) and any(_FORECAST.match(w) for w in words):
        return "future"  # a forecast's deadline: "warned of a further 15 cm by Saturday" lies ahead
    for k, word in enumerate(reversed(words)):
        if word.lower() in _SPAN_START and k > 1:
            # "from" looks ahead only when it opens the date ("closed from Monday", "from next
            # Monday"), not as a place's preposition ("evacuated from the mall on Saturday")
            continue
        at = len(words) - 1 - k
        if word.lower() == "later" and at > 0 and _PAST_CUE.match(words[at - 1]):
            return "past"  # "died later in hospital after a shooting on Saturday": the past's later
        if word.lower().endswith("ed") and _AHEAD_OF_PARTICIPLE & {
            w.lower() for w in words[max(0, at - 3) : at]
        }:
            # a participle of the future ("will stay closed on Tuesday", "would be delayed until
            # Thursday"): the future verb before it decides, not its -ed ("who is believed to have
            # fled on Sunday" stays past: "is" is no future of its own here)
            return "future"
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


def _nearest(m: re.Match[str], anchor: date) -> tuple[date, str, bool] | None:
    """A month and day ("Sept. 12") in the year that puts it nearest ``anchor``."""
    options = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(date(y, _month(m["m"]), int(m["d"])))
        except ValueError:
            continue
    if not options:
        return None
    return min(options, key=lambda o: (abs((o - anchor).days), o)), "day", True


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _resolve(
    kind: str, m: re.Match[str], base: date | None, future: bool, around: bool = False
) -> tuple[date, str, bool] | None:
    try:
        if kind == "iso":
            return date(int(m["y"]), int(m["mo"]), int(m["d"])), "day", False
        if kind in ("mdy", "dmy"):
            return date(int(m["y"]), _month(m["m"]), int(m["d"])), "day", False
        if kind == "my":
            return date(int(m["y"]), _month(m["m"]), 1), "month", False
        if kind in ("y", "yr"):
            return date(int(m["y"]), 1, 1), "year", False
    except ValueError:
        return None
    if base is None:
        return None
    if kind in ("md", "hol"):
        if kind == "md":
            month, day = _month(m["m"]), int(m["d"])
        else:
            name = m["h"] or m["h2"] or m["h3"]
            month, day = _HOLIDAYS[name.lower().replace("’", "'")]
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
        if around and pre not in ("last", "since") and 0 < ahead < back:
            return base + timedelta(days=ahead), "day", True  # the nearest, on a guessed day
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


# -- the date each article's partial dates are resolved on ------------------------------------

_DAY_KINDS = frozenset({"iso", "mdy", "dmy"})


def _local(when: datetime) -> date:
    """The calendar date on the article's own clock (its own UTC offset; naive dates as written)."""
    return when.date()


def article_base(doc: Doc) -> date | None:
    """The date an article carries: its publication date, else the latest full date it states.

    A stated date is only trusted when no year the article states is later (an obituary's birth
    date is not the day it was written); dates after today are ignored. Returns None when the
    article carries no usable date. Cost: one regex pass over the article (~2 ms for 1,000
    words) the first time it is asked that day, a digest of its text after that.
    """
    if doc.article.published is not None:
        return _local(doc.article.published)
    title, text = doc.article.title, doc.article.text
    # Read once per article: a brief asks for its bases four or five times (the alignment, the
    # claims twice, the timeline), each a regex pass over every undated article (~2 ms each). The
    # key is a digest of the text, so a server's cache never holds on to old articles.
    digest = hashlib.blake2b(f"{len(title)}:{title}{text}".encode(errors="surrogatepass"), digest_size=16)
    return _stated_base(digest.digest(), title, text, datetime.now(UTC).date())


# (digest of title and text, today) → (base,): the bases of undated articles already read
_BASE_CACHE: dict[tuple[bytes, date], tuple[date | None]] = {}
_BASE_CACHE_SIZE = 1024  # articles; a few hundred kilobytes at most


def _stated_base(key: bytes, title: str, text: str, today: date) -> date | None:
    """``article_base`` of an undated article, kept under ``(key, today)``: "today" bounds the
    dates it trusts, so a new day reads the article again. Thread-safe (single dict operations;
    two threads may both read an article, and store the same answer)."""
    kept = _BASE_CACHE.get((key, today))
    if kept is not None:
        return kept[0]
    found = _read_stated_base(title, text, today)
    if len(_BASE_CACHE) >= _BASE_CACHE_SIZE:
        _BASE_CACHE.clear()  # cheap to rebuild: one story's articles are far under the size
    _BASE_CACHE[(key, today)] = (found,)
    return found


def _read_stated_base(title: str, text: str, today: date) -> date | None:
    # the title often carries the date ("… — Ohio, March 3–June 18, 2021")
    stated = [x for t in (title, text) for x in _find(t, None, 0, None, None) if not x.relative]
    full = [date.fromisoformat(x.date) for x in stated if x.kind in _DAY_KINDS]
    full = [f for f in full if f <= today]
    if not full:
        return None
    anchor = max(full)
    years = [int(x.date[:4]) for x in stated if int(x.date[:4]) <= today.year]
    if anchor.year < max(years):
        return None
    ago = [_count(m["n"]) for m in _YEARS_AGO.finditer(text)]
    if any(n is not None and n >= 1 for n in ago) and len(set(years)) == 1:
        # "slain five years ago" with one year stated, the killing's ("April 22, 1993"): the only
        # date the article states is the event it looks back on, years before its own day
        return None
    return anchor


# an event told as years before the article's own day: "slain five years ago", "a decade ago"
_YEARS_AGO = re.compile(r"\b(?P<n>\d{1,3}|[a-z]+)\s+(?:years?|decades?)\s+ago\b", re.IGNORECASE)
_COUNT_WORDS = {
    w: k + 1
    for k, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
} | {"a": 1, "several": 2, "many": 2, "few": 2}


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _COUNT_WORDS.get(word.lower())


def borrowed_base(doc: Doc) -> bool:
    """Whether an article's base is the story's date, not its own (``story_bases``): it has no
    publication date and states no full date. Its day is then only guessed, within days of that
    date either way (``find_dates``'s ``around``)."""
    return doc.article.published is None and article_base(doc) is None


def story_bases(docs: Sequence[Doc]) -> list[tuple[date | None, bool]]:
    """Each article's date to resolve partial dates on, and whether it was inferred.

    The publication date (on the article's own clock) is not inferred; a date the article states
    is; an article with neither takes the story's date (inferred): the median publication date of
    its dated articles, else the latest date its other articles state; None when no article
    carries a date (then partial dates are dropped, not guessed).
    """
    own = [article_base(d) for d in docs]
    published = [
        o for d, o in zip(docs, own, strict=True) if o is not None and d.article.published is not None
    ]
    stated = [o for o in own if o is not None]
    story: date | None = None
    if published:
        story = date.fromordinal(statistics.median_low([d.toordinal() for d in published]))
    elif stated:
        story = max(stated)  # a stated date is on or before its article's own day: take the latest
    out: list[tuple[date | None, bool]] = []
    for d, o in zip(docs, own, strict=True):
        if d.article.published is not None:
            out.append((o, False))
        else:
            base = o if o is not None else story
            out.append((base, base is not None))
    return out
