"""Where outlets agree, what one outlet says alone, and where they contradict each other.

Order: every sentence of six words or more is a claim → a TF-IDF pass (one sparse matrix product)
finds cross-outlet pairs that share words; near-verbatim pairs are the same claim outright → only
the sentences of the strongest remaining pairs are embedded with MiniLM (embedding is the costly
step, so the budget is a number of sentences, not of pairs) → a pair is the same claim when the
embeddings are close, or fairly close and the sentences name the same entity → aligned pairs are
checked slot by slot before they count as agreement: numbers of the same thing, dates at the same
precision, and polarity (a negation or a denial on one side only). Titles outlets give the same
person are compared too. Each conflict says in ``detail`` which rule fired and on which values.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newsbrief.analyze.context import StoryContext, parse
from newsbrief.analyze.entities import EntityIndex, TitleMention, build_index
from newsbrief.analyze.timeline import DateMention, find_dates, story_bases
from newsbrief.model import Citation, Claim
from newsbrief.summarize.base import Doc
from newsbrief.summarize.text import STOPWORDS, content_stems, stem


@dataclass(frozen=True, slots=True)
class ClaimOptions:
    """Thresholds of the alignment. Cosines are MiniLM's; lexical scores are TF-IDF cosines."""

    min_words: int = 6
    lexical_floor: float = 0.2  # below this two sentences are never compared
    verbatim: float = 0.75  # at or above: the same claim without embedding
    agree: float = 0.75  # MiniLM cosine for "the same claim"
    agree_with_entity: float = 0.66  # ... when both sentences name the same entity
    entity_lexical: float = 0.3  # ... and share this much wording (a shared name alone is common)
    conflict_floor: float = 0.6  # MiniLM cosine at which slots are compared
    max_embed: int = 64  # sentences embedded per story
    unique_per_outlet: int = 3


_NUM_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBER = re.compile(
    r"(?<![\w.,$])(?P<v>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + "|".join(sorted(_NUM_WORDS, key=len, reverse=True))
    + r")(?![\w,]*\d)(?:\s*(?P<pct>%|percent|per cent))?(?:\s+(?P<mult>thousand|million|billion|trillion))?",
    re.IGNORECASE,
)
_MULT = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNIT = re.compile(r"\s*(?:more\s+|fewer\s+|additional\s+|new\s+|of\s+the\s+)?([A-Za-z][A-Za-z-]+)")
_NEGATION = re.compile(
    r"\b(?:not|no|never|n[o']t|neither|nor|none|deny|denies|denied|denying|denial|refuted|false|untrue)\b|n[’']t\b",
    re.IGNORECASE,
)
_NEG_WORDS = ("deny", "denies", "denied", "denial", "refuted", "false", "untrue")


@lru_cache(maxsize=1)
def _neg_stems() -> frozenset[str]:
    """Stems of denial words (computed on first use: stemming loads nltk, slow to import)."""
    return frozenset(stem(w) for w in _NEG_WORDS)


@dataclass(frozen=True, slots=True)
class _Number:
    start: int
    end: int
    value: float
    unit: str
    text: str


@dataclass(frozen=True, slots=True)
class _Conflict:
    slot: str
    a: int
    b: int
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    a_value: str
    b_value: str


def find_claims(
    docs: Sequence[Doc] | StoryContext, index: EntityIndex | None = None, options: ClaimOptions | None = None
) -> tuple[Claim, ...]:
    """Agreed claims (with the outlets behind them), conflicts, then each outlet's own claims."""
    from newsbrief.embed import embed

    opts = options or ClaimOptions()
    ctx = docs if isinstance(docs, StoryContext) else parse(docs)
    idx = index or build_index(ctx)
    bases = story_bases(ctx.docs)
    units = [
        (n, i)
        for n, d in enumerate(ctx.docs)
        for i in range(len(d.sentences))
        if len(d.text(i).split()) >= opts.min_words
    ]
    texts = [ctx.docs[n].text(i) for n, i in units]
    outlet_ids = {o: k for k, o in enumerate(sorted(set(ctx.outlets)))}
    outlet = np.array([outlet_ids[ctx.docs[n].article.outlet] for n, _ in units], dtype=np.int64)
    stems = [content_stems(t) for t in texts]
    lexical = _tfidf_cosine(stems)
    if lexical.size:
        lexical[outlet[:, None] == outlet[None, :]] = 0.0
        lexical = np.triu(lexical, k=1)
    ii, jj = np.nonzero(lexical >= opts.lexical_floor)
    order = np.lexsort((jj, ii, -lexical[ii, jj]))
    pairs = [(int(ii[k]), int(jj[k])) for k in order]

    chosen: dict[int, int] = {}
    for a, b in pairs:
        if lexical[a, b] >= opts.verbatim:
            continue
        need = [u for u in (a, b) if u not in chosen]
        if len(chosen) + len(need) > opts.max_embed:
            continue
        for u in need:
            chosen[u] = len(chosen)
    vectors = embed([texts[u] for u in chosen]) if chosen else np.zeros((0, 1), dtype=np.float32)
    cosine = vectors @ vectors.T

    names = [
        frozenset(m.entity for m in idx.in_range(n, *_span(ctx, n, i)) if not m.ambiguous) for n, i in units
    ]
    dates = [
        find_dates(ctx.docs[n].text(i), bases[n][0], offset=ctx.docs[n].sentences[i].start) for n, i in units
    ]
    numbers = [_numbers(ctx, n, i, dates[k]) for k, (n, i) in enumerate(units)]
    negated = [bool(_NEGATION.search(t)) for t in texts]

    parent = list(range(len(units)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    semantic_edge: set[int] = set()
    conflicts: list[_Conflict] = []
    in_conflict: set[int] = set()
    for a, b in pairs:
        lex = float(lexical[a, b])
        emb = float(cosine[chosen[a], chosen[b]]) if a in chosen and b in chosen else None
        shared = bool(names[a] & names[b])
        same = lex >= opts.verbatim or (
            emb is not None
            and (
                emb >= opts.agree or (emb >= opts.agree_with_entity and shared and lex >= opts.entity_lexical)
            )
        )
        aligned = same or (emb is not None and emb >= opts.conflict_floor) or lex >= 0.45
        if not aligned:
            continue
        strong = lex >= 0.5 or (emb is not None and emb >= 0.75)
        found = _slot_conflicts(a, b, numbers, dates, negated, stems, strong, emb)
        if found:
            conflicts.extend(found)
            in_conflict.update((a, b))
            continue
        if same:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
            if lex < opts.verbatim:
                semantic_edge.update((a, b))

    groups: dict[int, list[int]] = defaultdict(list)
    for u in range(len(units)):
        groups[root(u)].append(u)
    claims: list[tuple[tuple[int, int, int, int], Claim]] = []
    grouped: set[int] = set()
    for members in groups.values():
        outlets = sorted({ctx.docs[units[u][0]].article.outlet for u in members})
        if len(outlets) < 2:
            continue
        grouped.update(members)
        lead = min(members, key=lambda u: units[u])
        how = "meaning (MiniLM cosine)" if any(u in semantic_edge for u in members) else "wording"
        claims.append(
            (
                (0, -len(outlets), *units[lead]),
                Claim(
                    text=texts[lead],
                    status="agree",
                    outlets=tuple(outlets),
                    citations=tuple(
                        ctx.cite_sentence(*units[u]) for u in sorted(members, key=lambda u: units[u])
                    ),
                    detail=f"reported by {len(outlets)} outlets; matched by {how}",
                ),
            )
        )
    claims.extend(_conflict_claims(ctx, units, texts, conflicts))
    claims.extend(_title_conflicts(ctx, idx))
    claims.extend(_unique_claims(ctx, idx, units, texts, names, dates, numbers, grouped | in_conflict, opts))
    claims.sort(key=lambda t: t[0])
    return tuple(c for _, c in claims)


def _span(ctx: StoryContext, n: int, i: int) -> tuple[int, int]:
    s = ctx.docs[n].sentences[i]
    return s.start, s.end


def _tfidf_cosine(stems: list[list[str]]) -> np.ndarray:
    """Cosine of TF-IDF vectors, all pairs at once (sparse product, no Python loop over pairs)."""
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, ss in enumerate(stems):
        for s, c in Counter(ss).items():
            rows.append(r)
            cols.append(vocab.setdefault(s, len(vocab)))
            vals.append(float(c))
    if not vocab:
        return np.zeros((len(stems), len(stems)), dtype=np.float64)
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(stems), len(vocab)))
    df = np.bincount(cols, minlength=len(vocab))
    idf = np.log((1 + len(stems)) / (1 + df)) + 1.0
    x = x.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sparse.diags(1.0 / norms) @ x
    result: np.ndarray = (x @ x.T).toarray()
    return result


def _numbers(ctx: StoryContext, n: int, i: int, dates: list[DateMention]) -> list[_Number]:
    """Counts and amounts with the word they count ("12 people" → 12, "people")."""
    s = ctx.docs[n].sentences[i]
    text = ctx.docs[n].article.text
    out = []
    for m in _NUMBER.finditer(text, s.start, s.end):
        if any(m.start() < d.end and m.end() > d.start for d in dates):
            continue
        raw = m["v"].lower()
        value = float(_NUM_WORDS[raw]) if raw in _NUM_WORDS else float(raw.replace(",", ""))
        if m["mult"]:
            value *= _MULT[m["mult"].lower()]
        unit = "percent" if m["pct"] else ""
        end = m.end()
        if not unit:
            u = _UNIT.match(text, m.end(), s.end)
            if u is None or u.group(1).lower() in STOPWORDS:
                continue
            unit = stem(u.group(1).lower())
            end = u.end()
        out.append(_Number(m.start(), end, value, unit, text[m.start() : end]))
    return out


def _slot_conflicts(
    a: int,
    b: int,
    numbers: list[list[_Number]],
    dates: list[list[DateMention]],
    negated: list[bool],
    stems: list[list[str]],
    strong: bool,
    emb: float | None,
) -> list[_Conflict]:
    out: list[_Conflict] = []
    by_unit_a: dict[str, list[_Number]] = defaultdict(list)
    by_unit_b: dict[str, list[_Number]] = defaultdict(list)
    for x in numbers[a]:
        by_unit_a[x.unit].append(x)
    for x in numbers[b]:
        by_unit_b[x.unit].append(x)
    for unit in sorted(set(by_unit_a) & set(by_unit_b)):
        va = {x.value for x in by_unit_a[unit]}
        vb = {x.value for x in by_unit_b[unit]}
        if not va & vb:
            xa, xb = by_unit_a[unit][0], by_unit_b[unit][0]
            out.append(_Conflict("number", a, b, (xa.start, xa.end), (xb.start, xb.end), xa.text, xb.text))
    if strong:
        for precision in ("day", "month", "year"):
            da = [d for d in dates[a] if d.precision == precision]
            db = [d for d in dates[b] if d.precision == precision]
            if da and db and not {d.date for d in da} & {d.date for d in db}:
                out.append(
                    _Conflict(
                        "date",
                        a,
                        b,
                        (da[0].start, da[0].end),
                        (db[0].start, db[0].end),
                        da[0].date,
                        db[0].date,
                    )
                )
                break
    if negated[a] != negated[b]:
        sa = set(stems[a]) - _neg_stems()
        sb = set(stems[b]) - _neg_stems()
        overlap = len(sa & sb) / (len(sa | sb) or 1)
        if overlap >= 0.4 or (emb is not None and emb >= 0.8):
            neg = a if negated[a] else b
            out.append(_Conflict("negation", neg, b if neg == a else a, (-1, -1), (-1, -1), "", ""))
    return out


def _conflict_claims(
    ctx: StoryContext, units: list[tuple[int, int]], texts: list[str], conflicts: list[_Conflict]
) -> list[tuple[tuple[int, int, int, int], Claim]]:
    out = []
    seen: set[tuple[str, int, int]] = set()
    for c in conflicts:
        key = (c.slot, min(c.a, c.b), max(c.a, c.b))
        if key in seen:
            continue
        seen.add(key)
        (na, ia), (nb, ib) = units[c.a], units[c.b]
        oa, ob = ctx.docs[na].article.outlet, ctx.docs[nb].article.outlet
        if c.slot == "negation":
            cites = (ctx.cite_sentence(na, ia), ctx.cite_sentence(nb, ib))
            detail = f"negation or denial: {oa} negates what {ob} states"
        else:
            cites = (ctx.cite(na, *c.a_span), ctx.cite(nb, *c.b_span))
            detail = f"{c.slot} differs: “{c.a_value}” ({oa}) vs “{c.b_value}” ({ob})"
        first = min((na, ia), (nb, ib))
        out.append(
            (
                (1, 0, *first),
                Claim(
                    text=f"{texts[c.a]} ⟷ {texts[c.b]}",
                    status="conflict",
                    outlets=tuple(sorted({oa, ob})),
                    citations=tuple(sorted(cites, key=lambda x: (_order(ctx, x), x.start))),
                    detail=detail,
                ),
            )
        )
    return out


def _order(ctx: StoryContext, c: Citation) -> int:
    return next((k for k, d in enumerate(ctx.docs) if d.article.id == c.article_id), len(ctx.docs))


def _title_conflicts(ctx: StoryContext, idx: EntityIndex) -> list[tuple[tuple[int, int, int, int], Claim]]:
    """A person given roles with different head nouns by different outlets ("advisor" / "official")."""
    out = []
    by_entity: dict[str, list[TitleMention]] = defaultdict(list)
    for t in idx.titles:
        if not t.former:
            by_entity[t.entity].append(t)
    for entity in sorted(by_entity):
        titles = sorted(by_entity[entity], key=lambda t: (t.doc, t.start))
        heads: dict[str, set[str]] = defaultdict(set)
        for t in titles:
            heads[ctx.docs[t.doc].article.outlet].add(t.head)
        outlets = sorted(heads)
        differing = any(not heads[x] & heads[y] for k, x in enumerate(outlets) for y in outlets[k + 1 :])
        if not differing:
            continue
        firsts: dict[tuple[str, str], TitleMention] = {}
        for t in titles:
            firsts.setdefault((ctx.docs[t.doc].article.outlet, t.title.lower()), t)
        shown = list(firsts.values())
        detail = "titles/roles differ: " + "; ".join(
            f"“{t.title}” ({ctx.docs[t.doc].article.outlet})" for t in shown
        )
        first = shown[0]
        out.append(
            (
                (1, 1, first.doc, first.start),
                Claim(
                    text=f"{entity} is described differently by different outlets",
                    status="conflict",
                    outlets=tuple(outlets),
                    citations=tuple(ctx.cite(t.doc, t.start, t.end) for t in shown),
                    detail=detail,
                ),
            )
        )
    return out


def _unique_claims(
    ctx: StoryContext,
    idx: EntityIndex,
    units: list[tuple[int, int]],
    texts: list[str],
    names: list[frozenset[str]],
    dates: list[list[DateMention]],
    numbers: list[list[_Number]],
    used: set[int],
    opts: ClaimOptions,
) -> list[tuple[tuple[int, int, int, int], Claim]]:
    """Per outlet, its most informative claims nobody else makes: they name the story's shared
    entities, and carry a number or a date."""
    shared = {e.name for e in idx.entities if len(e.mentions) >= 2 and not e.candidates}
    best: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for u, (n, _) in enumerate(units):
        if u in used or len(texts[u].split()) < 8:
            continue
        score = len(names[u] & shared) + 0.5 * bool(dates[u] or numbers[u])
        if score >= 1:
            best[ctx.docs[n].article.outlet].append((-score, u))
    out = []
    for outlet in sorted(best):
        for _, u in sorted(best[outlet], key=lambda t: (t[0], units[t[1]]))[: opts.unique_per_outlet]:
            n, i = units[u]
            out.append(
                (
                    (2, 0, n, i),
                    Claim(
                        text=texts[u],
                        status="unique",
                        outlets=(outlet,),
                        citations=(ctx.cite_sentence(n, i),),
                        detail="only this outlet reports it",
                    ),
                )
            )
    return out
