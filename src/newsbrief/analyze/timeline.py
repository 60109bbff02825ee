"""The story's timeline: its dated events, one entry per event, each with every outlet's citation.

Order: each article's own date (its publication date on its own clock; failing that, a date the
article states, such as a caption's "Tuesday, Jan. 24, 2017", when no later year follows;
failing that, the story's date, marked inferred) → date expressions by rule (``newsbrief.datefind``), a
range or list ("1998-2004", "in 2012 or 2016") being one expression, a day without a year taking
the narrative's year in an article without a publication date → the dependency parse of each
dated sentence (``eventparse``) says which verb or event noun governs each date, and that verb's
tense resolves the partial ones ("struck … on Saturday" looks back, "will meet on Friday" ahead,
"said on Monday that it would reopen in May" ahead of the article) → one candidate per event of
a sentence (further dates of the same verb add none), shown as the parser's sentence or, when
long, the main clause holding the date; fragments, commands, questions, name parts ("his 2014
Volvo") and dates no verb governs are no events → the same date told with shared words,
participants or verb is one event with every citation, and a coarser telling ("in 2014") joins a
finer one of the same event ("in August 2014") → events ranked by importance (outlets, main
clause, named participants, lead position; the date of a mere "said" low; a second event on an
already listed date gives way to a new date) and capped at ``MAX_EVENTS``, oldest first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsbrief.align import is_wire_note
from newsbrief.analyze.context import StoryContext, parse
from newsbrief.analyze.entities import EntityIndex, build_index
from newsbrief.analyze.eventparse import Governor, clause_of, governor, parse_sentences
from newsbrief.clean import POST_SIGNATURE
from newsbrief.datefind import (
    article_base,
    borrowed_base,
    find_dates,
    join_groups,
    representative,
    story_bases,
)
from newsbrief.docs import Doc
from newsbrief.model import Citation, TimelineEvent
from newsbrief.partition import Partition
from newsbrief.text import content_stems, stem

MAX_EVENTS = 8
"""Entries a timeline lists at most: a reader's glance, and the cap the gold annotators used."""
_REPEAT = 0.5  # importance a further event on an already listed date gives up
LONG_SENTENCE = 30
"""Words above which an event is shown as its own clause rather than the whole sentence."""
# A text that starts in lower case continues another ("and a final time at noon"): a fragment.
_FRAGMENT = re.compile(r"^\W*[a-z]")
# Verbs too general to identify an event by ("was born in 1947" and "born June 24, 1947" share "bear").
_LIGHT = frozenset({"", "be", "have", "do", "make", "take", "get", "go", "come", "give", "see", "become"})

__all__ = ["MAX_EVENTS", "build_timeline"]


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
    gov: Governor

    position: float  # where the sentence sits in its article, 0 (lead) to 1 (last)

    @property
    def quality(self) -> float:
        """How well this mention tells an event: a main verb with named participants, early in its
        article (news puts what matters first), not the date of a mere "said"."""
        return 0.5 * self.gov.main - 1.0 * self.gov.speech + 0.3 * bool(self.names) - 0.5 * self.position


def build_timeline(
    docs: Sequence[Doc] | StoryContext, index: EntityIndex | None = None, *, limit: int = MAX_EVENTS
) -> tuple[TimelineEvent, ...]:
    """The story's dated events, at most ``limit``, oldest first, each with every outlet's citation.

    Cost: one regex pass per sentence, and a dependency parse of the sentences that hold a date.
    """
    ctx = docs if isinstance(docs, StoryContext) else parse(docs)
    return _rank(ctx, _merge(_candidates(ctx, index or build_index(ctx))), limit)


def _candidates(ctx: StoryContext, idx: EntityIndex) -> list[_Ev]:
    """One candidate event per date expression of every dated sentence of the story."""
    bases = story_bases(ctx.docs)
    # sentences that hold any date (only these are parsed), with the narrative's last full date
    todo: list[tuple[int, int, date | None]] = []
    for n, d in enumerate(ctx.docs):
        base = bases[n][0]
        # A day without a year ("On Sept. 12") takes the year the narrative last stated ("In
        # August 2014, …") when the article has no publication date, its own or its story's,
        # to count back from: a date it merely states is no better evidence than the narrative.
        weak_base = base is None or (d.article.published is None and article_base(d) is not None)
        anchor: date | None = None
        for i in range(len(d.sentences)):
            text = d.text(i)
            near = anchor if weak_base else None
            found = find_dates(text, base, anchor=near, around=borrowed_base(d))
            if found and len(text.split()) >= 5:
                todo.append((n, i, near))
            for x in found:
                if x.precision != "year" and (not x.relative or (x.kind == "md" and near is not None)):
                    anchor = date.fromisoformat(x.date if x.precision == "day" else x.date + "-15")
    if not todo:
        return []  # no date anywhere: the parser need not even load
    parsed = parse_sentences([ctx.docs[n].text(i) for n, i, _ in todo])
    events: list[_Ev] = []
    for (n, i, near), sd in zip(todo, parsed, strict=True):
        events.extend(_events_of(ctx, idx, n, i, sd, bases[n], near))
    return events


def _events_of(
    ctx: StoryContext,
    idx: EntityIndex,
    n: int,
    i: int,
    sd: object,
    base: tuple[date | None, bool],
    anchor: date | None,
) -> list[_Ev]:
    d = ctx.docs[n]
    s = d.sentences[i]
    text = d.text(i)
    if is_wire_note(text):
        return []  # "These columns for release Friday … are moving today to clients of …": no event
    govs: dict[tuple[int, int], Governor] = {}

    def gov(start: int, end: int) -> Governor:
        if (start, end) not in govs:
            govs[(start, end)] = governor(sd, start, end)
        return govs[(start, end)]

    mentions = find_dates(
        text,
        base[0],
        offset=s.start,
        tense=lambda a, b: gov(a, b).tense,
        anchor=anchor,
        around=borrowed_base(d),
    )
    out: list[_Ev] = []
    seen: set[str | int] = set()
    for group in join_groups(text, mentions, offset=s.start):
        x = representative(group)
        g = gov(x.start - s.start, x.end - s.start)
        # one entry per event: a date already listed, or a further date of the same verb ("met
        # in June 2018; in February 2019; and in June 2019"), adds no entry of its own
        if x.date in seen or (g.word >= 0 and g.word in seen):
            continue
        seen.update((x.date, g.word))
        lo, hi = _event_span(sd, text, g, x.start - s.start, x.end - s.start)
        post = POST_SIGNATURE.search(text)
        if post is not None and post.start("when") <= x.start - s.start < post.end("when"):
            # an embedded post's signature dates the post: the event is the post, shown whole
            # (its words run from the start of its line), whatever the parser makes of a signature
            g = Governor("past", "post", -1, False, False, False, True, (0, len(text)))
            lo = d.article.text.rfind("\n", 0, s.start) + 1 - s.start  # may start sentences before
            hi = len(text)
        shown = d.article.text[s.start + lo : s.start + hi]
        question = text.rstrip(" \"'”’)").endswith("?")
        fragment = _FRAGMENT.match(shown) and not g.relative  # "the ferry, which sank on Sunday" reads whole
        if fragment or not g.lemma or g.label or g.imperative or question:
            # not an event told: a fragment, a date no verb governs (a title, a bare caption), part
            # of a name ("his 2014 Volvo"), a command ("Watch the interview on March 4"), a question
            continue
        lo, hi = s.start + lo, s.start + hi
        # participants and words from the whole sentence, so what is shown does not change what merges
        names = frozenset(m.entity for m in idx.in_range(n, s.start, s.end) if not m.ambiguous)
        stems = frozenset(content_stems(text))
        position = i / max(1, len(d.sentences) - 1)
        out.append(_Ev(n, i, x.date, x.precision, x.relative and base[1], lo, hi, stems, names, g, position))
    return out


def _event_span(sd: object, text: str, g: Governor, start: int, end: int) -> tuple[int, int]:
    """The text to show for a date's event, as offsets into the sentence ``text``.

    The parser's own sentence holding the date (it also splits sentences our splitter glued, as
    in "2,400 tickets.However, the"), unless that is a stub, in which case the whole sentence;
    a long sentence is cut to the clause holding the date.
    """
    lo, hi = g.clause
    if len(text[lo:hi].split()) < 5:
        lo, hi = 0, len(text)
    if len(text[lo:hi].split()) > LONG_SENTENCE:
        c_lo, c_hi = clause_of(sd, start, end)
        if lo <= c_lo and c_hi <= hi and not _FRAGMENT.match(text[c_lo:c_hi]):
            lo, hi = c_lo, c_hi
    while lo < hi and text[lo] in " ,;:-–—":
        lo += 1
    while hi > lo and text[hi - 1] in " ,;:-–—":
        hi -= 1
    return lo, hi


def _overlap(a: _Ev, b: _Ev) -> float:
    return len(a.stems & b.stems) / (len(a.stems | b.stems) or 1)


def _same_predicate(a: _Ev, b: _Ev) -> bool:
    """One mention's verb is among the other's words ("were trying … as they investigated" and
    "were investigating"); light and reporting verbs say nothing about which event it is."""

    def told(x: _Ev, y: _Ev) -> bool:
        return x.gov.lemma not in _LIGHT and not x.gov.speech and stem(x.gov.lemma) in y.stems

    same = a.gov.lemma == b.gov.lemma and a.gov.lemma not in _LIGHT and not a.gov.speech
    return same or told(a, b) or told(b, a)


def _same_event(a: _Ev, b: _Ev) -> bool:
    """Two mentions of one date tell one event: same sentence, shared words, participants or verb."""
    if a.doc == b.doc and a.sentence == b.sentence:
        return True
    return _overlap(a, b) >= 0.2 or bool(a.names & b.names) or _same_predicate(a, b)


def _same_event_finer(coarse: _Ev, fine: _Ev) -> bool:
    """A year- or month-dated mention tells the same event as a more finely dated one."""
    if coarse.doc == fine.doc and coarse.sentence == fine.sentence:
        return False  # two dates of one sentence are two events ("in 2010 and … in 2013")
    same_doc_names = coarse.doc == fine.doc and bool(coarse.names & fine.names)
    return _same_predicate(coarse, fine) or same_doc_names or _overlap(coarse, fine) >= 0.3


def _merge(events: list[_Ev]) -> list[list[_Ev]]:
    """Clusters of mentions telling one event; each cluster's date is its finest member's."""
    by_date: dict[tuple[str, str], list[_Ev]] = {}
    for e in events:
        by_date.setdefault((e.date, e.precision), []).append(e)
    clusters: list[list[_Ev]] = []
    for key in sorted(by_date):
        group = by_date[key]
        same = Partition(range(len(group)))
        for a in range(len(group)):
            for b in range(a + 1, len(group)):
                if _same_event(group[a], group[b]):
                    same.union(a, b)
        found: dict[int, list[_Ev]] = {}
        for k, e in enumerate(group):
            found.setdefault(same.find(k), []).append(e)
        clusters.extend(found.values())
    # a coarser telling joins the finer event it matches best (months into days, then years)
    for coarse_precision in ("month", "year"):
        fine = [
            c
            for c in clusters
            if c[0].precision != coarse_precision and _finer(c[0].precision, coarse_precision)
        ]
        keep: list[list[_Ev]] = []
        for c in clusters:
            if c[0].precision != coarse_precision:
                keep.append(c)
                continue
            best: tuple[float, int] | None = None
            for k, f in enumerate(fine):
                if not f[0].date.startswith(c[0].date):
                    continue
                pairs = [(a, b) for a in c for b in f if _same_event_finer(a, b)]
                if pairs:
                    score = max(_overlap(a, b) for a, b in pairs)
                    if best is None or score > best[0]:
                        best = (score, k)
            if best is None:
                keep.append(c)
            else:
                fine[best[1]].extend(c)
        clusters = keep
    return clusters


def _finer(precision: str, than: str) -> bool:
    order = {"day": 0, "month": 1, "year": 2}
    return order[precision] < order[than]


def _rank(ctx: StoryContext, clusters: list[list[_Ev]], limit: int) -> tuple[TimelineEvent, ...]:
    """The ``limit`` most important events, oldest first.

    Importance: how many outlets tell it, then how well its best telling reads as an event (main
    verb, not a "said", not a noun modifier), whether it names participants, and whether its date
    is stated rather than inferred.
    """
    scored: list[tuple[float, TimelineEvent]] = []
    for members in clusters:
        finest = min(members, key=lambda e: (_finer_rank(e.precision), e.inferred))
        dated = [e for e in members if e.date == finest.date]
        lead = max(dated, key=lambda e: (e.quality, not e.inferred, -e.doc, -e.start))
        text = " ".join(ctx.docs[lead.doc].article.text[lead.start : lead.end].split())
        citations: list[Citation] = []
        for e in sorted(members, key=lambda e: (e.doc, e.start)):
            c = ctx.cite(e.doc, e.start, e.end)
            if c not in citations:
                citations.append(c)
        inferred = all(e.inferred for e in dated)
        event = TimelineEvent(finest.date, finest.precision, text, tuple(citations), inferred)
        scored.append((importance(members), event))
    # greedy: a further event on a date already listed adds less than a new point in time
    kept: list[TimelineEvent] = []
    pool = sorted(scored, key=lambda x: (-x[0], x[1].date, x[1].text))
    while pool and len(kept) < limit:
        taken = [e.date for e in kept]
        k = max(range(len(pool)), key=lambda j: (pool[j][0] - _REPEAT * taken.count(pool[j][1].date), -j))
        kept.append(pool.pop(k)[1])
    kept.sort(key=lambda e: (e.date, e.text))
    return tuple(kept)


def importance(members: list[_Ev]) -> float:
    """How much an event belongs in the timeline (higher first); see ``_rank``."""
    outlets = len({e.doc for e in members})
    inferred = all(e.inferred for e in members)
    return min(outlets, 2) + max(e.quality for e in members) - 0.3 * inferred


def _finer_rank(precision: str) -> int:
    return {"day": 0, "month": 1, "year": 2}[precision]
