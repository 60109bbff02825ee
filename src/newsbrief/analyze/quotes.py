"""Direct quotations, who said them, and the same quote across outlets as one quote.

Order: find quoted spans (``quote_spans``: paired marks of any kind, a quote over several paragraphs
joined; titles of works and headlines dropped) → drop scare quotes (under five words inside a
sentence that reports no speech) → attribute each in article order (``attribution``: the speech tag
after or before it, or the quote it continues; names shown without titles, he/she resolved to a
gender-compatible person, never the byline) → keep quotes of four words or more (shorter ones only
carry their speaker on to the next quote) → group quotes whose words match across articles (in-order
token overlap, so cuts and small rewordings still match) → mark each variant full, truncated (a
contiguous or in-order part of the longest wording) or altered (words changed) → one speaker per
group, the one most variants name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsbrief.analyze.attribution import DocAttributor, Who
from newsbrief.analyze.context import StoryContext, parse
from newsbrief.analyze.entities import EntityIndex, build_index
from newsbrief.analyze.quote_spans import QuoteSpan, find_spans, is_work_title
from newsbrief.analyze.speakers import bylines, genders
from newsbrief.docs import Doc
from newsbrief.model import Citation, Quote, QuoteVariant
from newsbrief.partition import Partition
from newsbrief.speech import SPEECH_WORDS

MIN_QUOTE_WORDS = 4
SCARE_MAX_WORDS = 5  # fewer words than this, inside a sentence with no speech verb: a scare quote
MATCH_COVERAGE = 0.6  # share of the shorter quote's words found in order in the other
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class _Found:
    doc: int
    pieces: tuple[tuple[int, int], ...]  # the quoted words, one range per paragraph
    who: Who | None
    tokens: tuple[str, ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0]


# words that frame reported speech inside a quotation ("He said the numbers don't add up")
_REPORTING = frozenset({"said", "says", "told", "tells", "say", "tell", "claimed", "claims", "insisted"})


def _norm_tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower().replace(".", "").replace("’", "'")))


def extract_quotes(docs: Sequence[Doc] | StoryContext, index: EntityIndex | None = None) -> tuple[Quote, ...]:
    """The story's direct quotations, one per thing said, with every outlet's wording.

    Cost: one pass over each article's quotation marks and the tokens around them (the parse and
    the entity index are shared with the other sections)."""
    ctx = docs if isinstance(docs, StoryContext) else parse(docs)
    idx = index or build_index(ctx)
    spans = [find_spans(d.article.text) for d in ctx.docs]
    quoted = [[r for s in doc_spans for r in ((s.open_at, s.close_at + 1), *s.pieces)] for doc_spans in spans]
    gender = genders(ctx, idx, quoted)
    byline = bylines(ctx, idx)
    found: list[_Found] = []
    for n, doc_spans in enumerate(spans):
        found.extend(_find(ctx, idx, n, doc_spans, gender, byline))
    people = frozenset(e.name for e in idx.entities if e.kind == "PERSON")
    return _group(ctx, found, people)


def _find(
    ctx: StoryContext,
    idx: EntityIndex,
    n: int,
    spans: list[QuoteSpan],
    gender: dict[str, str],
    byline: frozenset[str],
) -> list[_Found]:
    text = ctx.docs[n].article.text
    if not ctx.docs[n].sentences:
        return []  # nothing the splitter kept: no sentence to cite a quote in
    works = [(e.start, e.end) for e in ctx.parsed[n].ents if e.label == "WORK_OF_ART"]
    kept = [s for s in spans if not is_work_title(text, s, works) and not _scare(ctx, n, s)]
    who = DocAttributor(ctx, idx, n, kept, gender, byline)
    out: list[_Found] = []
    for s in kept:
        a = who.attribute(s)
        inner = " ".join(text[lo:hi] for lo, hi in s.pieces)
        if len(inner.split()) < MIN_QUOTE_WORDS:
            continue  # a word or three: it may carry a speaker on to the next quote, no more
        out.append(_Found(n, s.pieces, a.who, _norm_tokens(inner)))
    return out


def _scare(ctx: StoryContext, n: int, span: QuoteSpan) -> bool:
    """A few words in quotation marks inside a sentence that reports no speech: a scare quote."""
    text = ctx.docs[n].article.text
    if len(span.pieces) != 1 or len(text[span.start : span.end].split()) >= SCARE_MAX_WORDS:
        return False
    d = ctx.docs[n]
    s = d.sentences[ctx.sentence_at(n, span.open_at)]
    outside = text[s.start : span.open_at] + " " + text[span.close_at + 1 : s.end]
    if not text[s.start : span.open_at].strip(" “\"‘'"):
        return False  # the quote opens its sentence: said, not scare-quoted
    return not any(w.lower() in SPEECH_WORDS for w in re.findall(r"[A-Za-z]+", outside))


def _coverage(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if not a or not b:
        return 0.0
    sm = SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(blk.size for blk in sm.get_matching_blocks())
    return matched / min(len(a), len(b))


def _status(variant: tuple[str, ...], full: tuple[str, ...]) -> str:
    if variant == full:
        return "full"
    sm = SequenceMatcher(None, variant, full, autojunk=False)
    matched = sum(blk.size for blk in sm.get_matching_blocks())
    if matched == len(variant):
        return "truncated"  # every word is there, in order: a cut, not a rewording
    return "altered"


def _group(ctx: StoryContext, found: list[_Found], people: frozenset[str] = frozenset()) -> tuple[Quote, ...]:
    # candidate pairs share a word trigram; only those are compared in full
    grams: dict[tuple[str, ...], list[int]] = {}
    for k, f in enumerate(found):
        for g in {f.tokens[i : i + 3] for i in range(max(1, len(f.tokens) - 2))}:
            grams.setdefault(g, []).append(k)
    groups_of = Partition(range(len(found)))
    root = groups_of.find
    compared: set[tuple[int, int]] = set()
    for ks in grams.values():
        for i, a in enumerate(ks):
            for b in ks[i + 1 :]:
                if (a, b) in compared or root(a) == root(b):
                    continue
                compared.add((a, b))
                if _coverage(found[a].tokens, found[b].tokens) >= MATCH_COVERAGE and not _two_speakers(
                    found[a], found[b]
                ):
                    groups_of.union(a, b)
    groups: dict[int, list[_Found]] = {}
    for k, f in enumerate(found):
        groups.setdefault(root(k), []).append(f)

    quotes: list[tuple[tuple[int, int, int], Quote]] = []
    for members in groups.values():
        members.sort(key=lambda f: (f.doc, f.start))
        longest = max(members, key=lambda f: (len(f.tokens), -f.doc, -f.start))
        variants: list[QuoteVariant] = []
        citations: list[Citation] = []
        for f in members:
            variants.append(
                QuoteVariant(
                    text=_text(ctx, f),
                    outlet=ctx.docs[f.doc].article.outlet,
                    citation=ctx.cite(f.doc, f.pieces[0][0], f.pieces[0][1]),
                    status=_status(f.tokens, longest.tokens),
                )
            )
            citations.extend(_citations(ctx, f))
        outlets = len({v.outlet for v in variants})
        quote = Quote(
            text=_text(ctx, longest),
            speaker=_speaker(members, people),
            variants=tuple(variants),
            citations=tuple(citations),
        )
        quotes.append(((-outlets, members[0].doc, members[0].start), quote))
    quotes.sort(key=lambda t: t[0])
    return tuple(q for _, q in quotes)


def _two_speakers(a: _Found, b: _Found) -> bool:
    """Whether one quotation reports the other's words inside it and is given to another named
    person (no person in common): "He said the numbers don't add up," his campaign manager said /
    "The numbers don't add up," Hale said. The longer one's own words frame the shorter as speech
    (a speech verb among the words the shorter lacks), so they are two quotes in two mouths, not one
    quote with one speaker picked between them."""
    if a.who is None or b.who is None or a.who.kind != "named" or b.who.kind != "named":
        return False
    if set(a.who.entities) & set(b.who.entities):
        return False
    longer, shorter = (a, b) if len(a.tokens) > len(b.tokens) else (b, a)
    extra = set(longer.tokens) - set(shorter.tokens)
    return bool(extra & _REPORTING)


def _text(ctx: StoryContext, f: _Found) -> str:
    """The quoted words, the paragraphs of a long quote joined by a space."""
    text = ctx.docs[f.doc].article.text
    return " ".join(" ".join(text[lo:hi].split()) for lo, hi in f.pieces)


def _citations(ctx: StoryContext, f: _Found) -> list[Citation]:
    """One citation per sentence a (multi-sentence, multi-paragraph) quote runs through."""
    out = []
    for start, end in f.pieces:
        for i in range(ctx.sentence_at(f.doc, start), ctx.sentence_at(f.doc, max(start, end - 1)) + 1):
            s = ctx.docs[f.doc].sentences[i]
            lo, hi = max(start, s.start), min(end, s.end)
            if hi > lo:
                out.append(ctx.cite(f.doc, lo, hi))
    return out


_RANK = {"named": 0, "bare": 1, "described": 2}


def _speaker(members: list[_Found], people: frozenset[str] = frozenset()) -> str | None:
    """The speaker the variants agree on. A name beats a bare shared surname, which beats a
    description; among names, the one most variants name (a joint "A and B" counts for A and for
    B), then a person's (in ``people``) over an organisation's (an organisation speaks through a
    person: "the chairman of the House subcommittee" names the House, not who spoke), then the
    one naming fewer people, then the alphabetically first (for determinism)."""
    whos = [f.who for f in members if f.who is not None]
    if not whos:
        return None
    best_rank = min(_RANK[w.kind] for w in whos)
    top = [w for w in whos if _RANK[w.kind] == best_rank]
    if best_rank == 0:
        # a bare surname that may be one of the named people supports that name
        support = [w for w in whos if w.kind != "described"]

        def score(w: Who) -> tuple[int, bool, int, str]:
            agree = sum(
                1 for o in support if set(o.entities) & set(w.entities) or set(o.candidates) & set(w.entities)
            )
            return (-agree, not set(w.entities) & people, len(w.entities), w.name)

        return min(top, key=score).name
    counts = Counter(w.name for w in top)
    return min(counts, key=lambda name: (-counts[name], name))
