"""Direct quotations, who said them, and the same quote across outlets as one quote.

Order: find quoted spans (curly or straight quotes, inside one paragraph, four words or more; a
quoted word or two is a scare quote, not a quotation) → attribute each through the speech verb
next to it ("X said", "said X", "according to X", "X told ...") → resolve the speaker: a name to its
merged entity, "he"/"she" to the previous speaker or the nearest named person, "the advisor" to the
one person the story gives that title → group quotes whose words match across articles (in-order
token overlap, so cuts and small rewordings still match) → mark each variant full, truncated (a
contiguous or in-order part of the longest wording) or altered (words changed).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsbrief.analyze.context import StoryContext, parse
from newsbrief.analyze.entities import EntityIndex, MentionSpan, build_index
from newsbrief.model import Citation, Quote, QuoteVariant
from newsbrief.summarize.base import Doc

MIN_QUOTE_WORDS = 4
MATCH_COVERAGE = 0.6  # share of the shorter quote's words found in order in the other
_QUOTE = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")
_SPEECH = (
    r"said|says|say|told|tells|added|adds|adding|asked|asks|wrote|writes|stated|states|warned|warns"
    r"|warning|explained|continued|continues|noted|notes|declared|declares|insisted|insists|argued"
    r"|argues|claimed|claims|replied|tweeted|announced|announces|stressed|urged|recalled|acknowledged"
    r"|admitted|conceded|denied|suggested|disclosed|remarked|commented|saying|according to"
)
_SPEECH_RE = re.compile(rf"\b(?:{_SPEECH})\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_TITLE_NP = re.compile(r"\b(?:the|a|an)\s+((?:[\w.’'-]+\s+){0,4}?[\w’'-]+)\s*$", re.IGNORECASE)
_TITLE_NP_AFTER = re.compile(
    r"^\s*(?:the|a|an)\s+((?:[\w.’'-]+\s+){0,4}?[\w’'-]+?)(?=\s*(?:,|\.|$|\s(?:who|at|of|for|in)\b))",
    re.IGNORECASE,
)
_CAPWORDS_BEFORE = re.compile(r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})\s*$")
_CAPWORDS_AFTER = re.compile(r"^\s*([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})")
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class _Found:
    doc: int
    start: int  # of the quoted words (inside the marks)
    end: int
    sentence: int
    speaker: str | None
    candidates: tuple[str, ...]  # people an ambiguous speaker ("Kim") may be
    tokens: tuple[str, ...]


def _norm_tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower().replace(".", "").replace("’", "'")))


def extract_quotes(docs: Sequence[Doc] | StoryContext, index: EntityIndex | None = None) -> tuple[Quote, ...]:
    """The story's direct quotations, one per thing said, with every outlet's wording."""
    ctx = docs if isinstance(docs, StoryContext) else parse(docs)
    idx = index or build_index(ctx)
    found: list[_Found] = []
    for n in range(len(ctx.docs)):
        found.extend(_find(ctx, idx, n))
    return _group(ctx, idx, found)


def _find(ctx: StoryContext, idx: EntityIndex, n: int) -> list[_Found]:
    doc = ctx.docs[n]
    text = doc.article.text
    spans = [
        (
            m.start(1) if m.group(1) is not None else m.start(2),
            m.end(1) if m.group(1) is not None else m.end(2),
        )
        for m in _QUOTE.finditer(text)
    ]
    in_quote = [(s - 1, e + 1) for s, e in spans]
    out: list[_Found] = []
    previous: _Found | None = None
    for s, e in spans:
        inner = text[s:e].strip().rstrip(",")
        words = inner.split()
        if len(words) < MIN_QUOTE_WORDS:
            continue
        sent = ctx.sentence_at(n, s)
        speaker, cands = _attribute(ctx, idx, n, s, e, in_quote, previous)
        found = _Found(
            n, s, s + len(text[s:e].rstrip().rstrip(",")), sent, speaker, cands, _norm_tokens(inner)
        )
        out.append(found)
        previous = found
    return out


def _attribute(
    ctx: StoryContext,
    idx: EntityIndex,
    n: int,
    qs: int,
    qe: int,
    in_quote: list[tuple[int, int]],
    previous: _Found | None,
) -> tuple[str | None, tuple[str, ...]]:
    doc = ctx.docs[n]
    text = doc.article.text
    first = ctx.sentence_at(n, qs)
    last = ctx.sentence_at(n, max(qs, qe - 1))
    s_start, s_end = doc.sentences[first].start, doc.sentences[last].end
    # the unquoted text around the quote, within its sentence(s), up to the neighbouring quotes
    before_lo = max([s_start, *[b for a, b in in_quote if b <= qs - 1]])
    after_hi = min([s_end, *[a for a, b in in_quote if a >= qe + 1]])
    after_lo, before_hi = qe + 1, qs - 1
    after = text[after_lo:after_hi] if after_lo < after_hi else ""
    before = text[before_lo:before_hi] if before_lo < before_hi else ""

    # "…,” said Robert Manning" / "…,” Kim said" / "…,” the advisor said"
    m = _SPEECH_RE.search(after)
    if m and m.start() <= 60 and not re.search(r"[.!?]", after[: m.start()]):
        who = after[: m.start()]
        found = _speaker_before(ctx, idx, n, after_lo, after_lo + m.start(), who, previous)
        if found is None:
            found = _speaker_after(ctx, idx, n, after_lo + m.end(), after_hi, previous)
        if found is not None:
            return found
    # "Klingner said, “…”" / "he also warned that “…”" / "according to the minister, “…”"
    verbs = list(_SPEECH_RE.finditer(before))
    if verbs:
        v = verbs[-1]
        if v.group().lower() == "according to":
            found = _speaker_after(ctx, idx, n, before_lo + v.end(), before_hi, previous)
        else:
            found = _speaker_before(
                ctx, idx, n, before_lo, before_lo + v.start(), before[: v.start()], previous
            )
            if found is None:
                found = _sentence_subject(ctx, idx, n, before_lo, before_lo + v.start())
        if found is None and previous is not None and ctx.sentence_at(n, previous.start) >= first - 1:
            found = (previous.speaker, previous.candidates)  # ", adding, “…”"
        if found is not None:
            return found
    # a quote standing alone right after another one continues it
    if (
        previous is not None
        and not before.strip(" ,")
        and not after.strip(" .")
        and ctx.sentence_at(n, previous.start) >= first - 1
    ):
        return previous.speaker, previous.candidates
    return None, ()


def _resolved(m: MentionSpan, idx: EntityIndex) -> tuple[str | None, tuple[str, ...]]:
    if m.ambiguous:
        e = idx.entity(m.entity)
        return m.entity, e.candidates if e else ()
    return m.entity, ()


def _speaker_before(
    ctx: StoryContext,
    idx: EntityIndex,
    n: int,
    lo: int,
    hi: int,
    window: str,
    previous: _Found | None,
) -> tuple[str | None, tuple[str, ...]] | None:
    """The speaker written right before the speech verb at ``hi``."""
    tail = window.rstrip()
    tail_lo = hi - (len(window) - len(tail))
    near = [m for m in idx.in_range(n, max(lo, tail_lo - 60), tail_lo) if m.kind in ("PERSON", "ORG")]
    near = [
        m
        for m in near
        if not m.possessive
        and len(ctx.tokens_between(n, m.end, tail_lo)) <= 1
        and not _after_preposition(ctx, n, m.start)
    ]
    if near:
        return _resolved(near[-1], idx)
    words = tail.split()
    if (words and _PRONOUN.fullmatch(words[-1].strip(","))) or (
        len(words) >= 2 and _PRONOUN.fullmatch(words[-2]) and words[-1].isalpha() and words[-1].islower()
    ):
        return _pronoun(ctx, idx, n, tail_lo, previous)
    t = _TITLE_NP.search(tail)
    if t:
        who = _by_title(ctx, idx, n, t.group(1))
        if who is not None:
            return who, ()
    c = _CAPWORDS_BEFORE.search(tail)
    if c and len(tail) - c.end() == 0 and not _SPEECH_RE.search(c.group(1)):
        return c.group(1), ()
    return None


def _after_preposition(ctx: StoryContext, n: int, at: int) -> bool:
    """A name right after "with"/"to"/"of" is an object, not the one speaking."""
    toks = ctx.tokens_between(n, max(0, at - 40), at)
    return bool(toks) and toks[-1].tag in ("IN", "TO")


def _speaker_after(
    ctx: StoryContext, idx: EntityIndex, n: int, lo: int, hi: int, previous: _Found | None
) -> tuple[str | None, tuple[str, ...]] | None:
    """The speaker written right after the verb ("said Kim Kye Gwan", "according to the minister")."""
    text = ctx.docs[n].article.text
    window = text[lo:hi]
    near = [m for m in idx.in_range(n, lo, min(hi, lo + 60)) if m.kind in ("PERSON", "ORG")]
    near = [m for m in near if len(ctx.tokens_between(n, lo, m.start)) <= 1]
    if near:
        return _resolved(near[0], idx)
    p = re.match(r"^\s*(he|she)\b", window, re.IGNORECASE)
    if p:
        return _pronoun(ctx, idx, n, lo, previous)
    t = _TITLE_NP_AFTER.match(window)
    if t:
        who = _by_title(ctx, idx, n, t.group(1))
        if who is not None:
            return who, ()
    c = _CAPWORDS_AFTER.match(window)
    if c:
        return c.group(1), ()
    return None


def _sentence_subject(
    ctx: StoryContext, idx: EntityIndex, n: int, lo: int, hi: int
) -> tuple[str | None, tuple[str, ...]] | None:
    """The first named person of the clause before the verb ("X, an advisor, disclosed … and declared")."""
    people = [m for m in idx.in_range(n, lo, hi) if m.kind == "PERSON" and not m.possessive]
    return _resolved(people[0], idx) if people else None


def _pronoun(
    ctx: StoryContext, idx: EntityIndex, n: int, at: int, previous: _Found | None
) -> tuple[str | None, tuple[str, ...]] | None:
    """ "he said": the previous speaker if they spoke in the last two sentences, else the first
    named person of the nearest sentence (this one or the one before) that names one."""
    here = ctx.sentence_at(n, at)
    if previous is not None and previous.speaker is not None and previous.sentence >= here - 2:
        return previous.speaker, previous.candidates
    for k in (here, here - 1):
        if k < 0:
            break
        s = ctx.docs[n].sentences[k]
        hi = at if k == here else s.end
        people = [m for m in idx.in_range(n, s.start, hi) if m.kind == "PERSON" and not m.possessive]
        if people:
            return _resolved(people[0], idx)
    return None


def _by_title(ctx: StoryContext, idx: EntityIndex, n: int, phrase: str) -> str | None:
    """ "the advisor said": the one person given a title with that head noun (this article first)."""
    from newsbrief.analyze.entities import _title_head

    head = _title_head(phrase)
    if not head:
        return None
    for scope in ("article", "story"):
        who = {t.entity for t in idx.titles if t.head == head and (scope == "story" or t.doc == n)}
        if len(who) == 1:
            return next(iter(who))
    return None


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


def _group(ctx: StoryContext, idx: EntityIndex, found: list[_Found]) -> tuple[Quote, ...]:
    # candidate pairs share a word trigram; only those are compared in full
    grams: dict[tuple[str, ...], list[int]] = {}
    for k, f in enumerate(found):
        for g in {f.tokens[i : i + 3] for i in range(max(1, len(f.tokens) - 2))}:
            grams.setdefault(g, []).append(k)
    parent = list(range(len(found)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    compared: set[tuple[int, int]] = set()
    for ks in grams.values():
        for i, a in enumerate(ks):
            for b in ks[i + 1 :]:
                if (a, b) in compared or root(a) == root(b):
                    continue
                compared.add((a, b))
                if _coverage(found[a].tokens, found[b].tokens) >= MATCH_COVERAGE:
                    parent[max(root(a), root(b))] = min(root(a), root(b))
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
            text = ctx.docs[f.doc].article.text
            c = ctx.cite(f.doc, f.start, f.end)
            variants.append(
                QuoteVariant(
                    text=" ".join(text[f.start : f.end].split()),
                    outlet=ctx.docs[f.doc].article.outlet,
                    citation=c,
                    status=_status(f.tokens, longest.tokens),
                )
            )
            citations.extend(_pieces(ctx, f))
        speaker = _speaker(members)
        full_text = " ".join(ctx.docs[longest.doc].article.text[longest.start : longest.end].split())
        outlets = len({v.outlet for v in variants})
        quotes.append(
            (
                (-outlets, members[0].doc, members[0].start),
                Quote(text=full_text, speaker=speaker, variants=tuple(variants), citations=tuple(citations)),
            )
        )
    quotes.sort(key=lambda t: t[0])
    return tuple(q for _, q in quotes)


def _pieces(ctx: StoryContext, f: _Found) -> list[Citation]:
    """One citation per sentence a (multi-sentence) quote runs through."""
    out = []
    for i in range(ctx.sentence_at(f.doc, f.start), ctx.sentence_at(f.doc, max(f.start, f.end - 1)) + 1):
        s = ctx.docs[f.doc].sentences[i]
        lo, hi = max(f.start, s.start), min(f.end, s.end)
        if hi > lo:
            out.append(ctx.cite(f.doc, lo, hi))
    return out


def _speaker(members: list[_Found]) -> str | None:
    """The speaker the variants agree on; a bare name defers to a variant naming one of its candidates."""
    named = Counter(f.speaker for f in members if f.speaker and not f.candidates)
    if named:
        best = min(named, key=lambda s: (-named[s], s))
        return best
    bare = Counter(f.speaker for f in members if f.speaker)
    return min(bare, key=lambda s: (-bare[s], s)) if bare else None
