"""One alignment of facts across outlets per story: which sentences of independent outlets state the
same main fact. Summary support and the agree / unique / conflict claims all read it, so a brief
cannot give one sentence two different outlet counts.

Order: sentences that can state a fact (five words or more; not a photo caption or a "Related:"
link) → a cheap lexical pass over all pairs of independent articles: the IDF-weighted share of
content words both sentences contain, over the larger sentence's weight ("coverage"; a pair where
one sentence's main claim is missing from the other covers little of it) → only pairs with some
coverage are embedded with MiniLM → score = cosine + 3 × coverage → a pair is the **same** fact
at or above ``AlignOptions.same`` unless its values clash (numbers, money, times, dates of one
slot that cannot both be true: then it is *related*, a conflict candidate), **related** at or
above ``AlignOptions.related``. A quote that contains another outlet's quote (five words or
more) states the same words: same fact, whatever the rest of the sentences say. A fact told with
more around it is the same fact: the shorter sentence's words all in the longer one, or a
sentence's main clause (no leading "While …," clause, nothing after a colon or dash) scoring as
the same. Last, one hop: two scored sentences that are each the same fact as one sentence of a
third outlet are the same fact (no veto), since paraphrases sharing few words score low on their
own.

Topical similarity alone is not enough: MiniLM gives 0.7+ to "the offer made at the summit" and
"the offer made at the summit is no longer valid". The weights and thresholds were chosen on
half of the hand-labelled dev pairs and checked on the other half (docs/alignment.md).

Independence: ``keys`` maps article id → independence key; two sentences are linked only when
their articles' keys differ (default: the outlet, so one outlet never supports itself). A
verbatim copy of a sentence inside another article is a citation, not a link.

Cost: one pass over each content word's sentences, then MiniLM on at most
``AlignOptions.max_embed`` sentences (~80 sentences per CPU-second), those of the pairs sharing the
most content words first.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC

import numpy as np

from newsbrief.datefind import story_bases
from newsbrief.docs import Doc
from newsbrief.model import Citation
from newsbrief.pagelabel import is_page_element
from newsbrief.stated import sentence_values, tells_future
from newsbrief.text import content_stems, stem
from newsbrief.valuecheck import Clash, agree, clashes, of_different_finishers
from newsbrief.values import Value
from newsbrief.verbatim import Copy, Ref, find_copies, quoted_pairs

__all__ = [
    "AlignOptions",
    "Alignment",
    "Copy",
    "Link",
    "Ref",
    "align",
    "default_keys",
    "is_statement",
    "main_clause",
    "polarity",
]

# a clock time, the family members a possessive lists ("his wife and daughters") and how far someone
# fell are the values compared between sentences that share little wording: a story rarely has two
# events at nearby times, two families of one person or two falls, while amounts, shares and
# distances are of many things; who a counted group is ("mostly adults" / "all children") is
# compared only between sentences giving the same count of it
_LOOSE = frozenset({"time", "family", "fall", "scope"})


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Knobs of the alignment; values chosen on the even half of the dev pairs (docs/alignment.md)."""

    min_words: int = 5
    coverage_weight: float = 3.0  # score = MiniLM cosine + coverage_weight × coverage
    same: float = 1.82  # at or above: the same main fact (support, agreement)
    related: float = 1.5  # at or above: related (shown as such, never counted as support)
    coverage_floor: float = 0.15  # below: never embedded (cannot reach ``related``)
    # sentences embedded per story, those of the pairs sharing most words first: 98 of the 100
    # Multi-News dev stories stay under it; in 25-article stories the pairs it leaves out made 3 of
    # 274 agreements and no summary evidence, at half the brief's CPU (docs/latency.md, sixth round)
    max_embed: int = 150
    # two sentences giving clashing clock times are compared at this MiniLM cosine even when
    # they share few words: "firefighters were sent out at 4:12" / "the alarm was raised at 4:07"
    value_cosine: float = 0.45


@dataclass(frozen=True, slots=True)
class Link:
    """Two sentences of independent articles, ``a < b``, with the evidence that they say the same.

    ``kind``: "same" (the same main fact), "related" (shared topic or part of the claim, or the
    same claim with clashing values). ``clash`` is true when their values of one slot disagree.
    """

    a: Ref
    b: Ref
    score: float
    cosine: float
    coverage: float
    kind: str
    clash: bool = False


_DIGITS = re.compile(r"^\d[\d.,]*$")
_LOWER_WORD = re.compile(r"\b[a-z]{2,}")
# polarity: a negation or a denial on one side only turns "the same words" into opposite claims
_NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|none|nobody|nothing|deny|denies|denied|denying|refuted|refutes|"
    r"rejected|false|untrue)\b|n[’']t\b|"
    # disputing a claim denies it ("witnesses disputed the claim that …"); "a land dispute" does not
    r"\b(?:disputed|disputes|disputing)\s+(?:the|that|a|an|his|her|their|its|this|these|reports?|claims?)\b|"
    # "decided against sailing" is "decided not to sail"
    r"\b(?:decided?|decides|deciding|voted?|votes|voting|advised?|advises|ruled?|rules)\s+against\b|"
    # "failed to reach an agreement" is "did not reach" one; so are refusing, declining, being unable
    r"\b(?:fail(?:s|ed|ing)?|refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|unable)\s+to\b"
    # … but not the reporter's tail "his lawyer declined to comment": no claim of the story's
    r"(?!\s+(?:comment|respond|elaborate|discuss|speak|answer|say|give|provide)\b)",
    re.IGNORECASE,
)


class Alignment:
    """The links of one story. Read it with ``same``, ``related``, ``copies`` and ``outlets``."""

    def __init__(
        self,
        docs: Sequence[Doc],
        keys: Mapping[str, str],
        links: Sequence[Link],
        copies: Mapping[Ref, Sequence[Copy]],
    ) -> None:
        self.docs = list(docs)
        self.keys = dict(keys)
        self.links = tuple(links)
        self._copies = {r: tuple(c) for r, c in copies.items()}
        self._wire = _wire_pairs(self.docs, self._copies)
        # wire copy counts for the doc that carried it first (published first, then by key)
        self._wire_key: dict[Ref, str] = {}
        for r, cs in sorted(self._copies.items()):
            for c in cs:
                if self.wire(r[0], c.ref[0]):
                    when = [
                        (self._published(x[0]), self._wire_key.get(x, self.key(x[0]))) for x in (r, c.ref)
                    ]
                    self._wire_key[r] = self._wire_key[c.ref] = min(when)[1]
        self._by_ref: dict[Ref, list[Link]] = defaultdict(list)
        for link in self.links:
            self._by_ref[link.a].append(link)
            self._by_ref[link.b].append(link)

    def links_of(self, ref: Ref, kind: str | None = None) -> list[tuple[Ref, Link]]:
        """(other sentence, link) for every link of ``ref`` (of ``kind`` if given), best first."""
        out = [(x.b if x.a == ref else x.a, x) for x in self._by_ref.get(ref, []) if kind in (None, x.kind)]
        out.sort(key=lambda t: (-t[1].score, t[0]))
        return out

    def same(self, ref: Ref) -> list[Ref]:
        """Sentences of other independent articles that state the same main fact as ``ref``."""
        return sorted(other for other, _ in self.links_of(ref, "same"))

    def related(self, ref: Ref) -> list[Ref]:
        return sorted(other for other, _ in self.links_of(ref, "related"))

    def copies(self, ref: Ref) -> tuple[Copy, ...]:
        """Verbatim copies of sentence ``ref`` inside other articles' sentences."""
        return self._copies.get(ref, ())

    def _published(self, doc: int) -> str:
        published = self.docs[doc].article.published
        if published is None:
            return "~"  # undated: after any date
        if published.tzinfo is not None:  # one clock for all: string order is then time order
            published = published.astimezone(UTC).replace(tzinfo=None)
        return published.isoformat()

    def _source(self, ref: Ref) -> str:
        """The independence key a sentence counts for: its article's, or, for wire copy (a
        sentence that docs sharing wire copy both carry word for word), the key of the doc that
        carried it first, so the two count once."""
        return self._wire_key.get(ref, self.key(ref[0]))

    def wire(self, a: int, b: int) -> bool:
        """Whether docs ``a`` and ``b`` share wire copy: two or more sentences, not quotations,
        word for word. One outlet then carries the other's (or an agency's) text, so the words
        they share are one source, not two outlets reporting them."""
        return (min(a, b), max(a, b)) in self._wire

    def copied(self) -> list[Ref]:
        """The sentences that have a verbatim copy in another article."""
        return sorted(self._copies)

    def key(self, doc: int) -> str:
        a = self.docs[doc].article
        return self.keys.get(a.id, a.outlet)

    def outlets(self, ref: Ref) -> tuple[str, ...]:
        """Sorted outlets that report ``ref``: its own, verbatim copies in independent articles
        that do not share wire copy with it (``wire``; a quotation two outlets give word for word
        counts for both), and every article with a sentence stating the same fact, one per
        independence key, none sharing wire copy with an article already counted. ``len`` is the outlet count a
        brief shows for this sentence, wherever it shows it."""
        keys = {self._source(ref)}
        keys.update(self._source(c.ref) for c in self.copies(ref))
        # a sentence of an article sharing wire copy with one already counted is that source's,
        # even edited ("the utility said" / "the utility says"): the wire story told once
        counted = [ref[0]]
        for r in self.same(ref):
            if not any(self.wire(r[0], d) for d in counted):
                counted.append(r[0])
                keys.add(self._source(r))
        # one name per independent source: an original and its copies under other names are one
        return tuple(sorted(self._outlet_of_key(k) for k in keys))

    def _outlet_of_key(self, key: str) -> str:
        """The outlet that stands for an independence key: the outlet named by the key itself (the
        original's, as ``dedupe.keys_from_links`` makes them), else the first article's with it."""
        outlets = [d.article.outlet for n, d in enumerate(self.docs) if self.key(n) == key]
        return key if key in outlets else (outlets[0] if outlets else key)

    def evidence(self, ref: Ref) -> list[Citation]:
        """The best same-fact sentence of each other article, as whole-sentence citations."""
        best: dict[int, int] = {}
        for (d, i), _ in self.links_of(ref, "same"):
            best.setdefault(d, i)
        return [self.cite(d, i) for d, i in sorted(best.items())]

    def cite(self, doc: int, index: int) -> Citation:
        s = self.docs[doc].sentences[index]
        return Citation(self.docs[doc].article.id, index, s.start, s.end)

    def subset(self, docs: Sequence[Doc]) -> Alignment:
        """This alignment restricted to ``docs`` (some of its own docs, by article id, in any order):
        the links and verbatim copies between them, renumbered to ``docs``. No model work: the
        analysis of a story's originals reads the one alignment the summary was supported with."""
        where = {d.article.id: n for n, d in enumerate(docs)}
        moved = {old: where[d.article.id] for old, d in enumerate(self.docs) if d.article.id in where}

        def ref(r: Ref) -> Ref | None:
            return (moved[r[0]], r[1]) if r[0] in moved else None

        links = []
        for x in self.links:
            a, b = ref(x.a), ref(x.b)
            if a is not None and b is not None:
                links.append(replace(x, a=min(a, b), b=max(a, b)))
        copies: dict[Ref, list[Copy]] = {}
        for r, cs in self._copies.items():
            to = ref(r)
            kept = [Copy(c_ref, c.start, c.end) for c in cs if (c_ref := ref(c.ref)) is not None]
            if to is not None and kept:
                copies[to] = kept
        keys = {k: v for k, v in self.keys.items() if k in where}
        return Alignment(docs, keys, sorted(links, key=lambda x: (x.a, x.b)), copies)


def default_keys(docs: Sequence[Doc]) -> dict[str, str]:
    """Article id → outlet: articles of one outlet are never independent of each other."""
    return {d.article.id: d.article.outlet for d in docs}


# a wire service's note to the papers that buy its copy: "For use by clients of the … News
# Service", "the weekend features for release Saturday … went out today to clients of …"
_WIRE_NOTE = re.compile(
    r"\bclients\s+of\s+(?:the\s+)?(?:[A-Z][\w.&-]*\s+){1,5}(?:News\s+)?(?:Service|Wire|Syndicate)\b",
    re.IGNORECASE,
)


def is_wire_note(text: str) -> bool:
    """Whether a sentence is a wire service's note to its clients ("For use by clients of the …
    News Service"): a line of the transmission, no fact of the story."""
    return _WIRE_NOTE.search(text) is not None


def is_statement(text: str, min_words: int = 5) -> bool:
    """Whether a sentence can state a fact: long enough, not a caption or a link label, not a
    question (a question asks whether the fact holds; it never reports it), and written in
    sentence case: a line in capitals alone is a slug or a wire service's marker ("XXXX END OF
    STORY", "ADVANCE FOR RELEASE"), not a statement; nor is a note to the wire's clients
    (``is_wire_note``)."""
    return (
        len(text.split()) >= min_words
        and not is_page_element(text)
        and not is_wire_note(text)
        and not text.rstrip().rstrip("\"'”’)").endswith("?")
        and _LOWER_WORD.search(text) is not None
    )


def align(
    docs: Sequence[Doc], keys: Mapping[str, str] | None = None, options: AlignOptions | None = None
) -> Alignment:
    """Link the sentences of ``docs`` that state the same fact across independent articles.

    ``keys``: article id → independence key (default ``default_keys``); an article missing from
    it is keyed by its outlet. Deterministic: the same docs give the same links in the same order.
    """
    from newsbrief.embed import embed

    opts = options or AlignOptions()
    keymap = dict(default_keys(docs))
    keymap.update(keys or {})
    refs = [(n, i) for n, d in enumerate(docs) for i in range(len(d.sentences))]
    texts = [docs[n].text(i) for n, i in refs]
    key_of = [keymap[docs[n].article.id] for n, _ in refs]
    usable = [is_statement(t, opts.min_words) for t in texts]
    # a verbatim copy of a slug, a marker in capitals ("XXXX END OF STORY") or a note to the
    # wire's clients is no fact two articles carry, nor a sign that they share wire copy
    stated = {
        refs[k] for k in range(len(refs)) if _LOWER_WORD.search(texts[k]) and not is_wire_note(texts[k])
    }
    copies = {
        r: kept
        for r, cs in find_copies(docs, refs, texts).items()
        if r in stated and (kept := [c for c in cs if c.ref in stated])
    }
    units = [k for k in range(len(refs)) if usable[k]]
    if len(units) < 2:
        return Alignment(docs, keymap, [], copies)
    bags = [_bag(texts[k]) for k in units]
    coverage = _coverage(bags)
    key_ids = {k: n for n, k in enumerate(sorted(set(key_of)))}
    ukey = np.array([key_ids[key_of[k]] for k in units])
    independent = ukey[:, None] != ukey[None, :]
    mask = np.triu(independent & (coverage >= opts.coverage_floor), k=1)
    ii, jj = np.nonzero(mask)
    order = np.lexsort((jj, ii, -coverage[ii, jj]))
    chosen: dict[int, int] = {}
    pairs: list[tuple[int, int]] = []
    for k in order:
        a, b = int(ii[k]), int(jj[k])
        need = [u for u in (a, b) if u not in chosen]
        if len(chosen) + len(need) > opts.max_embed:
            continue
        for u in need:
            chosen[u] = len(chosen)
        pairs.append((a, b))
    bases = [b for b, _ in story_bases(docs)]
    values = {u: sentence_values(docs, *refs[units[u]], bases[refs[units[u]][0]]) for u in range(len(units))}
    specific = [u for u in range(len(units)) if any(v.slot[0] in _LOOSE for v in values[u])]
    for u in specific:
        if u not in chosen and len(chosen) < opts.max_embed:
            chosen[u] = len(chosen)
    vectors = embed([texts[units[u]] for u in sorted(chosen, key=chosen.__getitem__)])
    quoted, quoted_short = quoted_pairs(texts, key_of, usable)
    # a verbatim copy is a citation of the sentence, not a second outlet's statement of its fact
    copied = {(min(r, c.ref), max(r, c.ref)) for r, cs in copies.items() for c in cs}
    quoted = {(a, b) for a, b in quoted if (refs[a], refs[b]) not in copied}
    links: dict[tuple[int, int], Link] = {}
    weak: dict[tuple[int, int], tuple[int, int, float, float]] = {}  # scored under ``related``
    close: list[tuple[int, int]] = []  # related, no clash, not apart: ``_within`` reads them again
    for a, b in sorted(pairs):
        cos = float(vectors[chosen[a]] @ vectors[chosen[b]])
        cov = float(coverage[a, b])
        score = cos + opts.coverage_weight * cov
        ka, kb = units[a], units[b]
        if (refs[ka], refs[kb]) in copied:
            continue
        if score < opts.related and (ka, kb) not in quoted:
            weak[(ka, kb)] = (a, b, cos, cov)
            continue
        clash, apart = _vetoes(texts[ka], texts[kb], values[a], values[b])
        kind = "same" if score >= opts.same and not clash and not apart else "related"
        if (ka, kb) in quoted or (
            (ka, kb) in quoted_short and score >= opts.related and not clash and not apart
        ):
            score, kind, clash = max(score, opts.same), "same", False
        links[(ka, kb)] = Link(refs[ka], refs[kb], round(score, 4), round(cos, 4), round(cov, 4), kind, clash)
        if kind == "related" and not clash and not apart:
            close.append((ka, kb))

    # one fact told with more around it (``_within``): first the related pairs, then the weak ones,
    # whose vetoes are read only once their main clauses are the same fact
    unit_of = {k: u for u, k in enumerate(units)}

    def vector(k: int) -> np.ndarray:
        row: np.ndarray = vectors[chosen[unit_of[k]]]
        return row

    idf = _idf(bags)
    for pair, score in _within(close, texts, vector, idf, opts, contain=True).items():
        links[pair] = replace(links[pair], score=round(max(score, links[pair].score), 4), kind="same")
    for (ka, kb), score in _within(sorted(weak), texts, vector, idf, opts, contain=False).items():
        a, b, cos, cov = weak[(ka, kb)]
        if not any(_vetoes(texts[ka], texts[kb], values[a], values[b])):
            del weak[(ka, kb)]
            links[(ka, kb)] = Link(refs[ka], refs[kb], round(score, 4), round(cos, 4), round(cov, 4), "same")
    for a, b in itertools.combinations([u for u in specific if u in chosen], 2):
        ka, kb = units[a], units[b]
        if (ka, kb) in links or not independent[a, b] or (refs[ka], refs[kb]) in copied:
            continue
        cos = float(vectors[chosen[a]] @ vectors[chosen[b]])
        loose = [c for c in _clashes(texts[ka], texts[kb], values[a], values[b])[0] if c.slot[0] in _LOOSE]
        if (
            not loose
            or _other_of_series(texts[ka], texts[kb])
            or (cos < opts.value_cosine and not _one_family(values[a], values[b]))
        ):
            continue
        cov = float(coverage[a, b])
        score = cos + opts.coverage_weight * cov
        links[(ka, kb)] = Link(
            refs[ka], refs[kb], round(score, 4), round(cos, 4), round(cov, 4), "related", True
        )
    for ka, kb in sorted(quoted - set(links)):
        links[(ka, kb)] = Link(refs[ka], refs[kb], opts.same, 0.0, 0.0, "same")
    for pair, link in _through_a_third(links, weak, values, texts, refs, unit_of, opts).items():
        links[pair] = link
    return Alignment(docs, keymap, sorted(links.values(), key=lambda x: (x.a, x.b)), copies)


def _vetoes(a: str, b: str, values_a: Sequence[Value], values_b: Sequence[Value]) -> tuple[bool, bool]:
    """(clash, apart) of two sentences: their values of one slot disagree, their polarity differs or
    they state opposite outcomes (a contradiction); or they tell two members of one series, name
    different people, give two finishers' times or an increment against a total (neither one fact
    nor a contradiction)."""
    # "the first blast" / "the second blast"; "a spark plug factory" / "a metal stamping factory"
    other_one = _other_of_series(a, b) or _two_kinds_of_site(a, b)
    # two people's facts neither agree nor contradict: "Marcus Lee was sentenced to 10 years" /
    # "David Ortiz was sentenced to 12 years" is no disagreement about a sentence
    two_people = different_people(a, b)
    found, two_events = _clashes(a, b, values_a, values_b)
    negated = polarity(a) != polarity(b) or negated_apart(a, b)
    # a departure and an arrival are two events: their times neither agree nor clash
    moves = departure_and_arrival(a, b)
    clash = not other_one and not two_people and not moves and (bool(found) or negated or opposed(a, b))
    apart = (
        moves
        or other_one
        or two_events
        or two_people
        or _increment_and_total(values_a, values_b)
        or counts_of_different_things(values_a, values_b)
        or of_different_finishers(values_a, values_b)  # "Cole won in 2:05" / "Ruiz was second in 2:07"
    )
    return clash, apart


def _clashes(
    a: str, b: str, values_a: Sequence[Value], values_b: Sequence[Value]
) -> tuple[list[Clash], bool]:
    """The clashes of two sentences' values (``valuecheck.clashes``) but those of clock times and
    dates when one sentence tells of an event to come and the other of one past
    (``stated.tells_future``: "a vigil will be held at 5 p.m." / "he was pronounced dead at 10:25
    p.m."; "would appear in court on Wednesday" / "appeared in court on Monday"), and whether such
    a clash was left out: those times are of two events, which neither agree nor clash."""
    found = clashes(values_a, values_b)
    shares = [c for c in found if c.slot[0] == "percent" and _shares_of_two_wholes(a, b, c)]
    found = [c for c in found if c not in shares]
    if tells_future(a) == tells_future(b):
        return found, bool(shares)
    kept = [c for c in found if c.slot[0] not in ("time", "date")]
    return kept, len(kept) < len(found) or bool(shares)


# the whole a share is of: "6.6 percent of the national total area", "11.9 percent of the world's
# total"; the noun phrase after "of", up to punctuation, a preposition, a conjunction or a verb
_OF_WHOLE = re.compile(r"\s+of\s+((?:[\w'’-]+\s*){1,6})")
_WHOLE_ENDS = frozenset(
    (
        *("and", "or", "in", "on", "at", "for", "from", "to", "with", "by", "who", "that", "which"),
        *("was", "were", "is", "are", "have", "has", "had", "will", "would", "said", "says"),
    )
)
_NOT_A_WHOLE = frozenset(["the", "a", "an", "its", "their", "his", "her", "all", "total", "s"])


def _whole(text: str, shown: str) -> frozenset[str]:
    """The content stems of the whole a share written as ``shown`` in ``text`` is of (empty when
    the text names none)."""
    at = text.find(shown)
    m = _OF_WHOLE.match(text, at + len(shown)) if at >= 0 else None
    if m is None:
        return frozenset()
    words: list[str] = []
    for w in re.findall(r"[a-z]+", m.group(1).lower()):
        if w in _WHOLE_ENDS:
            break
        words.append(w)
    return frozenset(stem(w) for w in words if w not in _NOT_A_WHOLE)


def _shares_of_two_wholes(a: str, b: str, c: Clash) -> bool:
    """Two shares of wholes the sentences name apart ("6.6 percent of the national total area" /
    "11.9 percent of the world's total"): two facts, not a disagreement about one share."""
    wa, wb = _whole(a, c.a.text), _whole(b, c.b.text)
    return bool(wa) and bool(wb) and not (wa & wb)


def _within(
    pairs: Sequence[tuple[int, int]],
    texts: Sequence[str],
    vector: Callable[[int], np.ndarray],
    idf: Mapping[str, float],
    opts: AlignOptions,
    *,
    contain: bool,
) -> dict[tuple[int, int], float]:
    """Pairs (by sentence key) that state one fact with more around it, with the score they state
    it at: the fact is told whole inside one sentence, and what the score counted against the pair
    is that sentence's extra detail or frame.

    Two kinds, neither with a fitted number. With ``contain``, the shorter sentence's content
    words, numbers included, are all in the longer one ("Workers were being treated near the
    harbour." / "Workers are being treated near the harbour just outside the village, some 40
    kilometres west of the city."), scored ``opts.same``. Or a sentence's main clause (``main_clause``:
    without a leading subordinate clause, "While keepers gathered at the quay, fire crews sprayed
    foam onto the tanks", and without the list or the second clause after a colon or dash, "ran
    five tests on the tanks: the pumps, the drums …") scores ``opts.same`` or more against the
    other sentence or its main clause, by the alignment's score (MiniLM cosine + coverage with the
    story's IDF). The caller reads the vetoes (clash, polarity, two people …) on the whole
    sentences. Measured on the dev pairs: SAME pairs added on both halves, no PARTIAL or
    DIFFERENT one (docs/alignment.md, round 6).

    ``vector(k)``: the MiniLM vector of sentence ``k``; ``idf``: ``_idf`` of the story's
    sentences. Cost: set lookups per pair; MiniLM only on main clauses that share enough words
    with the other side to reach ``opts.same`` at a cosine of 1 (a handful per story).
    """
    from newsbrief.embed import embed

    out: dict[tuple[int, int], float] = {}
    mains: dict[int, str | None] = {}
    bags: dict[str, frozenset[str]] = {}

    def share(x: str, y: str) -> float:
        for t in (x, y):
            if t not in bags:
                bags[t] = _bag(t)
        return _share(bags[x], bags[y], idf)

    todo: list[tuple[int, int, str, str]] = []  # two sentences, two versions that differ from them
    for ka, kb in pairs:
        if contain and _contains(texts[ka], texts[kb]):
            out[(ka, kb)] = opts.same
            continue
        for k in (ka, kb):
            if k not in mains:
                mains[k] = main_clause(texts[k], opts.min_words)
        versions_a = [texts[ka], *filter(None, [mains[ka]])]
        versions_b = [texts[kb], *filter(None, [mains[kb]])]
        for x in versions_a:
            for y in versions_b:
                # the score's bound at a cosine of 1: a version that cannot reach ``same`` is not embedded
                if (x, y) != (texts[ka], texts[kb]) and 1 + opts.coverage_weight * share(x, y) >= opts.same:
                    todo.append((ka, kb, x, y))
    wanted = sorted(
        {x for ka, _, x, _ in todo if x != texts[ka]} | {y for _, kb, _, y in todo if y != texts[kb]}
    )
    vec = dict(zip(wanted, embed(wanted), strict=True))
    for ka, kb, x, y in todo:
        vx = vector(ka) if x == texts[ka] else vec[x]
        vy = vector(kb) if y == texts[kb] else vec[y]
        score = float(vx @ vy) + opts.coverage_weight * share(x, y)
        if score >= max(opts.same, out.get((ka, kb), 0.0)):
            out[(ka, kb)] = score
    return out


def _contains(a: str, b: str) -> bool:
    """Whether every content word of the shorter sentence, numbers included, is in the longer one."""
    small, large = sorted((set(content_stems(a)), set(content_stems(b))), key=len)
    return bool(small) and small <= large


# a colon, semicolon or dash that sets off what elaborates a statement: a list, an example, a
# second clause ("five tests on the tanks: the pumps, the drums …"); a colon inside a
# clock time ("9:15") or a ratio has no blank after it
_ELABORATION = re.compile(r"\s*(?::(?=\s)|;|\s[-–—]{1,2}\s|[–—])\s*")
# a subordinate clause before the main one, up to its comma: the setting, not the statement
# ("While keepers gathered at the quay, fire crews sprayed foam"; "After the verdict, …"). Only
# clauses after which the main clause is still asserted: not "if" or "unless", whose main clause
# is a hypothesis ("If the council agrees, the bridge will reopen" states no reopening)
_LEADING_CLAUSE = re.compile(
    r"^\s*(?:while|although|though|even\s+though|as|after|before|when|since|because|once|until|"
    r"despite|following)\b[^,]{3,}?,\s+",
    re.IGNORECASE,
)
_QUOTE_MARKS = "\"“”‘’'"


def main_clause(text: str, min_words: int = 5) -> str | None:
    """A sentence's main clause when it is not the whole sentence: without a leading subordinate
    clause ("While …, ") and without what a colon, semicolon or dash sets off after it; else None.
    A part is cut only when what stays is a statement of its own (``min_words`` words or more, no
    quotation left open), and a colon or dash is no cut when a quotation follows it ("She said:
    'The tanks were never inspected'" states the quotation, not "She said").
    """
    main = text
    m = _LEADING_CLAUSE.match(main)
    if m is not None and len(main[m.end() :].split()) >= min_words:
        main = main[m.end() :]
    m = _ELABORATION.search(main)
    if m is not None:
        head, rest = main[: m.start()], main[m.end() :]
        open_quote = sum(head.count(q) for q in '"“”') % 2 == 1  # the mark sits inside a quotation
        if len(head.split()) >= min_words and rest[:1] not in _QUOTE_MARKS and not open_quote:
            main = head
    return main if main != text else None


def _idf(bags: Sequence[frozenset[str]]) -> dict[str, float]:
    """Each word's IDF over the story's sentences, as ``_coverage`` weighs it."""
    df: dict[str, int] = defaultdict(int)
    for bag in bags:
        for s in bag:
            df[s] += 1
    return {s: float(np.log((1 + len(bags)) / (1 + n)) + 1.0) for s, n in df.items()}


def _share(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float]) -> float:
    """``_coverage`` of two bags of words (``_bag``) with the story's IDF."""
    larger = max(sum(idf.get(s, 1.0) for s in a), sum(idf.get(s, 1.0) for s in b))
    return sum(idf.get(s, 1.0) for s in a & b) / larger if larger else 0.0


def _bag(text: str) -> frozenset[str]:
    """The words ``_coverage`` weighs: content stems, numbers aside (values are compared apart)."""
    return frozenset(s for s in content_stems(text) if not _DIGITS.match(s))


def _through_a_third(
    links: Mapping[tuple[int, int], Link],
    weak: Mapping[tuple[int, int], tuple[int, int, float, float]],
    values: Mapping[int, Sequence[Value]],
    texts: Sequence[str],
    refs: Sequence[Ref],
    unit_of: Mapping[int, int],
    opts: AlignOptions,
) -> dict[tuple[int, int], Link]:
    """Links (by sentence key) between two sentences that each state the same fact as one sentence
    of a third outlet: the same main fact is an equivalence, so two paraphrases sharing few words
    ("Both drivers were pronounced dead at the crossing." / "The two men died where the cars met.") are one
    fact when a third outlet's wording is the same fact as both.

    One hop over the direct links only (no chains of derived links); only pairs that were scored
    (``weak``: unit indices, cosine, coverage; or a *related* link) that no veto keeps apart
    (``_vetoes``: a clash of values, polarity or outcome; two people, two members of a series, an
    increment and a total); ``values`` by unit index, ``unit_of``: sentence key → unit index.
    Measured on the dev pairs: recall up on both halves, no PARTIAL or DIFFERENT pair added
    (docs/alignment.md, round 3).
    """
    partners: dict[int, set[int]] = defaultdict(set)
    for ka, kb in (pair for pair, x in links.items() if x.kind == "same"):
        partners[ka].add(kb)
        partners[kb].add(ka)
    out: dict[tuple[int, int], Link] = {}
    related = {pair: x for pair, x in links.items() if x.kind == "related" and not x.clash}
    for ka, kb in sorted(set(weak) | set(related)):
        if not partners[ka] & partners[kb]:
            continue
        # a pair the vetoes keep apart stays apart, whatever a third outlet's wording shares with
        # both: "Marcus Lee was sentenced to 10 years" / "David Ortiz was sentenced to 10 years",
        # each the same fact as "The two men were sentenced to 10 years"
        if any(_vetoes(texts[ka], texts[kb], values[unit_of[ka]], values[unit_of[kb]])):
            continue
        if (ka, kb) in related:
            out[(ka, kb)] = replace(related[(ka, kb)], kind="same")
            continue
        _, _, cos, cov = weak[(ka, kb)]
        score = cos + opts.coverage_weight * cov
        out[(ka, kb)] = Link(refs[ka], refs[kb], round(score, 4), round(cos, 4), round(cov, 4), "same")
    return out


_ORDINAL = re.compile(
    r"\b(?P<o>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?P<n>[a-z]{3,})\b",
    re.IGNORECASE,
)


def _other_of_series(a: str, b: str) -> bool:
    """Whether two sentences tell different members of one series: the same noun under different
    ordinals ("The first blast went off at 9:10" / "The second blast went off at 9:40"). Their
    values belong to different events, so they neither agree nor clash."""
    seen: dict[str, set[str]] = {}
    for m in _ORDINAL.finditer(a):
        seen.setdefault(stem(m["n"].lower()), set()).add(m["o"].lower())
    for m in _ORDINAL.finditer(b):
        ords = seen.get(stem(m["n"].lower()))
        if ords is not None and m["o"].lower() not in ords:
            return True
    return False


# a site named by what is made or done there: "a spark plug and speedometer factory", "a metal
# stamping plant", "a chemical plant", "a coal mine"; the lower-case words right before the noun
_SITE = re.compile(
    r"((?:\b[a-z][a-z-]*\s+){1,5})(factory|factories|plant|plants|mill|mine|refinery|warehouse|depot|smelter)\b"
)
# the words that open a noun phrase (articles, possessives, demonstratives, "of"): what follows
# them, up to the noun, is its modifiers; prepositions open one too
_DETERMINERS = frozenset({"a", "an", "the", "of", "its", "his", "her", "their", "our", "this", "that"})
_OPENS_A_NOUN = _DETERMINERS | {"at", "in", "on", "by", "to", "from"}
# words before a site's noun that say nothing of what is made or done there
_NOT_A_KIND = _DETERMINERS | {
    "and",
    "or",
    "new",
    "old",
    "local",
    "nearby",
    "main",
    "large",
    "small",
    "big",
    "major",
    "former",
    "second",
    "first",
    "another",
    "other",
    "same",
    "whole",
    "giant",
    "huge",
    "sprawling",
    "closed",
    "idle",
    "struck",
}


def _two_kinds_of_site(a: str, b: str) -> bool:
    """Whether two sentences name sites of one kind by different products or trades ("at a spark
    plug and speedometer factory" / "at a metal stamping factory"): two plants, whose counts and
    times belong to different places, so they neither agree nor clash."""

    def kinds(text: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for m in _SITE.finditer(text):
            run = m.group(1).split()
            opener = [i for i, w in enumerate(run) if w in _OPENS_A_NOUN]
            named = re.search(r"[A-Z][\w.&-]*\s+$", text[: m.start(1)]) is not None  # "GM metal stamping"
            if not opener and not named:
                continue  # where the noun phrase starts is not seen: no kind read
            words = {stem(w) for w in run[opener[-1] + 1 if opener else 0 :] if w not in _NOT_A_KIND}
            if words:
                out.setdefault(stem(m.group(2)), set()).update(words)
        return out

    ka, kb = kinds(a), kinds(b)
    return any(head in kb and not (words & kb[head]) for head, words in ka.items())


def _increment_and_total(a: Sequence[Value], b: Sequence[Value]) -> bool:
    """Whether one sentence gives an increment of what the other counts in total ("3 more people
    died" / "5 people died"): no contradiction, and not the same fact either."""
    counts_a = {v.slot[1] for v in a if v.slot[0] == "count"}
    counts_b = {v.slot[1] for v in b if v.slot[0] == "count"}
    return any(f"+{u}" in counts_b for u in counts_a) or any(f"+{u}" in counts_a for u in counts_b)


def counts_of_different_things(a: Sequence[Value], b: Sequence[Value]) -> bool:
    """Whether two sentences count different things: each gives a count, no count of one names
    the noun of a count of the other, and no count of one agrees in number with one of the other.

    "More than 400 people were evacuated" / "Power was cut to 3,000 homes" tell two facts of one
    flood, however alike they read (a count is the fact a news sentence leads with, and its noun
    says what was counted); nor are "more than 400 people" / "about 350 residents" one fact told
    twice. Two nouns counting one group give one number, whatever hedge or bound stands
    before it ("85 people" / "85 cases", "more than 400 people" / "some 400 residents"), and are
    not set apart. Neither one fact nor a contradiction: the values of
    two slots are never compared (``valuecheck.clashes``). Increments ("3 more people") are read
    by ``_increment_and_total``.
    """
    ca = [v for v in a if v.slot[0] == "count" and not v.slot[1].startswith("+")]
    cb = [v for v in b if v.slot[0] == "count" and not v.slot[1].startswith("+")]
    if not ca or not cb or {v.slot for v in ca} & {v.slot for v in cb}:
        return False
    # one group named by two nouns is one number: a bound's side ("more than 400" / "3,000") or
    # a hedge's slack ("more than 400" / "about 350") says nothing of whether two nouns count one group
    return not any(x.value == y.value for x in ca for y in cb)


_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def _wire_pairs(docs: Sequence[Doc], copies: Mapping[Ref, Sequence[Copy]]) -> set[tuple[int, int]]:
    """Pairs of docs (low, high) sharing two or more verbatim sentences that are not chiefly a
    quotation (a statement two outlets quote is the same words heard twice; a narrative sentence
    repeated word for word, twice, is copied text)."""
    shared: dict[tuple[int, int], set[tuple[Ref, Ref]]] = defaultdict(set)
    for (n, i), cs in copies.items():
        text = docs[n].text(i)
        if sum(len(m.group(0)) for m in _QUOTED.finditer(text)) >= 0.5 * len(text):
            continue
        for c in cs:
            d = c.ref[0]
            # a sentence and its copy, counted once whichever of the two was found in the other
            shared[(min(n, d), max(n, d))].add((min((n, i), c.ref), max((n, i), c.ref)))
    return {pair for pair, found in shared.items() if len(found) >= 2}


def _one_family(a: Sequence[Value], b: Sequence[Value]) -> bool:
    """Whether two sentences list one family: they agree on one kin ("wife") and clash on another
    ("daughters" / "daughter"). Then the sentences need not be about the same event to disagree
    on who the family is: "... was met at the airport by his wife and sons" / "his wife and son"."""
    fa = {v.slot: v for v in a if v.slot[0] == "family"}
    fb = {v.slot: v for v in b if v.slot[0] == "family"}
    both = sorted(set(fa) & set(fb))
    return any(agree(fa[s], fb[s]) for s in both) and not all(agree(fa[s], fb[s]) for s in both)


# a capitalised word and the one after it, at every start (overlapping: "Mayor Jill Hart" gives
# "Mayor Jill" and "Jill Hart")
_PERSON = re.compile(
    r"\b(?=(?P<first>[A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?(?P<last>[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)\b)"
)
# titles that put a person's name after them ("Minister Omar Haddad", "Mayor Jill Hart")
_TITLE_WORDS = (
    "president minister mayor governor gov senator sen rep representative judge chief officer secretary",
    "director premier chancellor king queen prince princess pope general gen sgt lt col capt dr mr mrs",
    "ms sir dame lord lady professor prof spokesman spokeswoman chairman chair ceo steward coach",
    "councilman councilwoman councillor commissioner sheriff detective inspector",
)
_TITLES = frozenset(w for line in _TITLE_WORDS for w in line.split())


def different_people(a: str, b: str) -> bool:
    """Whether two sentences name different people and no one in common: "Marcus Lee was sentenced
    to 10 years" / "David Ortiz was sentenced to 10 years" state one kind of fact about two people,
    not one fact. A person is a known given name (the ``nicknames`` table) or a title ("Health
    Minister Omar Haddad") before a capitalised surname; places and organisations ("Dunmore
    County", "Halvorsen Foods") are no one. Each sentence must name someone; none may be named in both."""
    pa, pb = _people(a), _people(b)
    return bool(pa) and bool(pb) and not (pa & pb)


def _people(text: str) -> set[str]:
    """The words of the people a sentence names in full, lower-cased ({"omar", "haddad"})."""
    out: set[str] = set()
    for m in _PERSON.finditer(text):
        first, last = m["first"], m["last"]
        before = text[: m.start()].split()[-1:] or [""]
        if first.lower() in _given_names() or before[0].lower().rstrip(".") in _TITLES:
            out |= {first.lower(), last.lower()}
    return out


def _given_names() -> frozenset[str]:
    # imported here: the analysis package reads this module, so a module-level import would cycle
    from newsbrief.analyze.names import known_given_names

    return known_given_names()


# predicates that state opposite outcomes of one event, as the forms news writes them
_OPPOSITES = (
    ("stay stays stayed staying", "leave leaves leaving withdraw withdraws withdrew"),
    ("win wins won winning", "lose loses lost losing"),
    ("rise rises rose risen rising increase increases increased", "fall falls fell fallen falling decrease decreases decreased"),
    # "open" and "opens", not "opened" ("opened fire")
    ("reopen reopens reopened open opens", "closes closed shut shuts"),
    ("convicted guilty", "acquitted innocent"),
    ("support supports supported", "oppose opposes opposed"),
    ("approve approves approved", "reject rejects rejected veto vetoes vetoed"),
    # the outcomes of one disaster for its victims, and of one arrest for the one held
    ("killed dead died", "injured wounded hurt rescued survived"),
    ("arrested detained jailed", "released freed"),
    ("restored restores restore", "lost loses cut"),  # power, water, service
)  # fmt: skip
_OPPOSITE_FORMS = tuple((frozenset(a.split()), frozenset(b.split())) for a, b in _OPPOSITES)
_OPPOSITE_NAMES = tuple((a.split()[0], b.split()[0]) for a, b in _OPPOSITES)
_WORD = re.compile(r"[a-z]+")


def opposed(a: str, b: str) -> bool:
    """Whether two sentences state opposite outcomes: one says "stayed", "won", "rose", "killed",
    "arrested", the other "left", "lost", "fell", "injured" or "rescued", "released", and neither
    says both ("would stay until the elections" / "would leave before the elections"; "twelve
    people were rescued" / "twelve people were killed"). Then they are not one fact, however much
    else they share."""
    return opposite_words(a, b) is not None


def opposite_words(a: str, b: str) -> tuple[str, str, str, str] | None:
    """The words of opposite outcomes two sentences use, as written, with the outcome each stands
    for (``("guilty", "acquitted", "convicted", "acquitted")``: "guilty" is the outcome "convicted"),
    or None (``opposed``)."""
    ta, tb = _WORD.findall(a.lower()), _WORD.findall(b.lower())
    wa, wb = set(ta), set(tb)
    for (one, other), (name_one, name_other) in zip(_OPPOSITE_FORMS, _OPPOSITE_NAMES, strict=True):
        a1, a2, b1, b2 = wa & one, wa & other, wb & one, wb & other
        if (a1 and b2 and not a2 and not b1) or (a2 and b1 and not a1 and not b2):
            first = next(w for w in ta if w in (a1 or a2))
            second = next(w for w in tb if w in (b1 or b2))
            return first, second, name_one if a1 else name_other, name_one if b1 else name_other
    return None


_DEPART = re.compile(
    r"\b(?:(?:took|take|takes|taking)\s+off|depart(?:s|ed|ing)?|takeoff|set\s+sail|sailed\s+from)\b",
    re.IGNORECASE,
)
_ARRIVE = re.compile(r"\b(?:land(?:s|ed|ing)?|arriv(?:e|es|ed|ing)|touched\s+down|docked)\b", re.IGNORECASE)


def departure_and_arrival(a: str, b: str) -> bool:
    """One sentence tells a departure ("took off from Kennedy airport at 1:19 a.m.") and the other
    an arrival ("landed at Kennedy airport at 12:48 a.m."), and neither tells both: a flight's or
    a ship's leaving and its coming in are two events of one journey, each with its own time and
    place, however many words they share."""
    da, aa, db, ab = (bool(p.search(t)) for t in (a, b) for p in (_DEPART, _ARRIVE))
    return (da and not aa and ab and not db) or (aa and not da and db and not ab)


def polarity(text: str) -> bool:
    """Whether a sentence holds a negation or a denial ("no longer valid", "denied that ...").

    Presence, not parity: "gave no total, but said none had been stolen" and "no cars were
    stolen" are both negative statements of one fact (measured on the dev pairs).
    """
    return _NEGATION.search(text) is not None


# A negation that bears on the next verb ("had never inspected", "did not find", "was not
# injured"), auxiliaries and a few adverbs skipped: the word it negates.
_VERB_NEGATION = re.compile(
    r"(?:\b(?:not|never|no\s+longer)|n[’']t)\s+"
    r"(?:(?:be|been|being|have|has|had|yet|ever|even|always|[a-z]+ly)\s+)*"
    r"([a-z]{3,})\b",
    re.IGNORECASE,
)
# what a negation before them says of the telling, not of the fact ("did not say how many")
_NOT_A_FACT = frozenset(
    stem(w)
    for w in (
        *("be", "been", "have", "had", "do", "did"),
        *("say", "said", "tell", "told", "comment", "know", "clear"),
    )
)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:and|but|while|whereas|although|though)\b", re.IGNORECASE)


def negated_apart(a: str, b: str) -> bool:
    """One sentence negates a verb that the other states without a negation in its clause.

    ``polarity`` reads a negation's presence; when both sentences hold one, it sees one polarity
    even when they negate different things: "had inspected the building in March and found no
    faults" / "had never inspected the building" (the first negates the faults, the second the
    inspecting). A negation bears on what follows it in its clause (news English puts "not" and
    "never" before the verb they negate), so a verb negated in one sentence and written in the
    other with no negation before it in its clause is a contradiction. A negation that opens a
    clause ("none had been stolen", "no cars were stolen") bears on its verb there too.
    """
    return _negates_what_other_states(a, b) or _negates_what_other_states(b, a)


def _negates_what_other_states(a: str, b: str) -> bool:
    negated = {stem(m.group(1).lower()) for m in _VERB_NEGATION.finditer(a)}
    negated -= _NOT_A_FACT
    if not negated:
        return False
    for m in re.finditer(r"[A-Za-z]{3,}", b):
        if stem(m.group(0).lower()) not in negated:
            continue
        clause = _CLAUSE_BREAK.split(b[: m.start()])[-1]
        if _NEGATION.search(clause) is None:
            return True
    return False


# the auxiliary a negated or stated verb is told with: "did not fail", "had failed", "was not hurt"
_AUXILIARY = re.compile(
    r"\b(?:do|does|did|have|has|had|is|are|was|were|will|would|could|can|should|might|may|must)"
    r"(?:\s+(?:not|never|no\s+longer)|n[’']t)?\s+(?:(?:been|be|yet|ever|even|always|[a-z]+ly)\s+)*$",
    re.IGNORECASE,
)


_MAYBE = re.compile(r"(?:could|can|might|may)\b", re.IGNORECASE)


def _states(text: str, key: str) -> bool:
    """Whether ``text`` writes the verb of stem ``key`` with no negation before it in its clause."""
    return any(
        stem(w.group(0).lower()) == key and not _NEGATION.search(_CLAUSE_BREAK.split(text[: w.start()])[-1])
        for w in re.finditer(r"[A-Za-z]{3,}", text)
    )


def negated_verb(a: str, b: str) -> tuple[str, str, str] | None:
    """The verb one sentence negates and the other states (``negated_apart``), as each writes it:
    ("did not fail", "had failed", the verb's stem) for "A dam … did not fail" / "the dam … had
    failed"; which side negates is kept in order (``a``'s words first). None when neither
    sentence negates a verb the other states with no negation in its clause, when the other
    states it as a possibility ("may collect"), or when the negating sentence also states it
    (then it negates one object of the verb: "will not collect your words, but may still
    collect the texts"). Regexes only."""
    for x, y, flip in ((a, b, False), (b, a, True)):
        for m in _VERB_NEGATION.finditer(x):
            key = stem(m.group(1).lower())
            if key in _NOT_A_FACT:
                continue
            for w in re.finditer(r"[A-Za-z]{3,}", y):
                if stem(w.group(0).lower()) != key or _NEGATION.search(
                    _CLAUSE_BREAK.split(y[: w.start()])[-1]
                ):
                    continue
                aux_x = _AUXILIARY.search(x[: m.start()] + m.group(0)[: m.start(1) - m.start()])
                start_x = aux_x.start() if aux_x else m.start()
                aux_y = _AUXILIARY.search(y[: w.start()])
                if (aux_y is not None and _MAYBE.match(aux_y.group(0))) or _states(x, key):
                    # "may collect" tells a possibility, no fact; "will not collect your spoken
                    # word, … may still collect associated texts": the negation is of one object
                    # of a verb the sentence also states, so the other outlet's verb may be of another
                    continue
                start_y = aux_y.start() if aux_y else w.start()
                told_x, told_y = (
                    " ".join(x[start_x : m.end()].split()),
                    " ".join(y[start_y : w.end()].split()),
                )
                return (told_y, told_x, key) if flip else (told_x, told_y, key)
    return None


def _coverage(bags: Sequence[Collection[str]]) -> np.ndarray:
    """IDF-weighted shared content over the larger sentence's weight, all pairs (one pass per word).

    IDF is over the story's sentences: a word every outlet uses for the story ("shooting") shows
    the topic, not the claim, and weighs little. The IDF is scikit-learn's smoothed default,
    ln((1 + n) / (1 + df)) + 1, written out: importing scikit-learn's vectorizer costs ~0.8 CPU s
    and ~70 MB in every brief, more than the whole alignment of a small story, and SciPy's sparse
    matrices ~0.15 s (docs/latency.md).

    Cost: one pass over each word's sentences, Σ df² additions over the words two sentences or
    more share, in an ``n × n`` array of float64 (``n`` sentences).
    """
    where: dict[str, list[int]] = {}  # word → its sentences, words in order of first use
    for r, bag in enumerate(bags):
        for s in sorted(set(bag)):
            where.setdefault(s, []).append(r)
    n = len(bags)
    if not where:
        return np.zeros((n, n), dtype=np.float64)
    postings = list(where.values())
    df = np.array([len(p) for p in postings])
    idf = np.log((1 + n) / (1 + df)) + 1.0
    weight = np.bincount(
        np.fromiter((r for rows in postings for r in rows), dtype=np.intp),
        weights=np.repeat(idf, df),
        minlength=n,
    )
    shared = np.zeros((n, n), dtype=np.float64)
    for col in np.flatnonzero(df > 1):
        ix = np.array(postings[col])
        shared[np.ix_(ix, ix)] += idf[col]
    shared[np.diag_indices(n)] = weight
    larger = np.maximum(weight[:, None], weight[None, :])
    larger[larger == 0] = 1.0
    result: np.ndarray = shared / larger
    return result
