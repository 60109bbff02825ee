"""Where outlets agree, what one outlet says alone, and where they contradict each other.

Every section reads the story's one alignment (``newsbrief.align``), the same that gives summary
sentences their support, so a sentence's outlet count is the same wherever the brief shows it:
- **agree**: a sentence with the sentences of other independent outlets that state the same main
  fact; its outlets are ``Alignment.outlets`` of that sentence. Each same-fact link is shown once,
  from the sentence most outlets back.
- **conflict**: two aligned sentences that give values of one slot that cannot both be true —
  how many, how much, what time, what date, how old, how far — or opposite polarity with a
  denial. Worded for a reader ("alpha.example: 12 people; beta.example: 15 people"), citing the
  two sentences; at most ``ClaimOptions.max_conflicts`` per story, the closest aligned first.
- **unique**: per outlet, its most informative sentences that no other outlet states, not even
  in part (no same or related link, no verbatim copy elsewhere).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsbrief.align import Alignment, Link, Ref, align, sentence_dates
from newsbrief.analyze.context import StoryContext, parse
from newsbrief.analyze.entities import EntityIndex, build_index
from newsbrief.analyze.timeline import DateMention, find_dates, story_bases
from newsbrief.model import Claim
from newsbrief.summarize.base import Doc
from newsbrief.values import Value, clashes, find_values


@dataclass(frozen=True, slots=True)
class ClaimOptions:
    min_words: int = 6  # shorter sentences are never unique claims
    unique_per_outlet: int = 3
    max_conflicts: int = 3  # per story: a reader checks a few contradictions, not a list


_SLOT_NAMES = {
    "count": "number",
    "money": "amount",
    "percent": "percentage",
    "time": "time",
    "age": "age",
    "length": "distance",
    "mass": "weight",
    "date": "date",
}
_DENIAL = re.compile(r"\b(?:deny|denies|denied|denying|refuted|refutes|false|untrue)\b", re.IGNORECASE)


def find_claims(
    docs: Sequence[Doc] | StoryContext,
    index: EntityIndex | None = None,
    options: ClaimOptions | None = None,
    *,
    alignment: Alignment | None = None,
) -> tuple[Claim, ...]:
    """Agreed claims (with the outlets behind them), conflicts, then each outlet's own claims.

    ``alignment`` must be of the same documents (computed here when not given).
    """
    opts = options or ClaimOptions()
    ctx = docs if isinstance(docs, StoryContext) else parse(docs)
    idx = index or build_index(ctx)
    al = alignment or align(ctx.docs)
    claims: list[tuple[tuple[int, int, int, int], Claim]] = []
    claims.extend(_agreements(al))
    claims.extend(_conflicts(ctx, al, opts))
    claims.extend(_unique(ctx, idx, al, opts))
    claims.sort(key=lambda t: t[0])
    return tuple(c for _, c in claims)


def _agreements(al: Alignment) -> list[tuple[tuple[int, int, int, int], Claim]]:
    """One claim per sentence that carries same-fact links not yet shown, most outlets first."""
    refs = sorted({r for x in al.links if x.kind == "same" for r in (x.a, x.b)})
    order = sorted(refs, key=lambda r: (-len(al.outlets(r)), r))
    shown: set[tuple[Ref, Ref]] = set()
    out = []
    for ref in order:
        partners = [p for p in al.same(ref) if (min(ref, p), max(ref, p)) not in shown]
        if not partners:
            continue
        shown.update((min(ref, p), max(ref, p)) for p in partners)
        outlets = al.outlets(ref)
        names = ", ".join(outlets)
        citations = [al.cite(*ref)] + [al.cite(*p) for p in al.same(ref)]
        out.append(
            (
                (0, -len(outlets), *ref),
                Claim(
                    text=al.docs[ref[0]].text(ref[1]),
                    status="agree",
                    outlets=outlets,
                    citations=tuple(citations),
                    detail=f"reported by {len(outlets)} outlets: {names}",
                ),
            )
        )
    return out


def _conflicts(
    ctx: StoryContext, al: Alignment, opts: ClaimOptions
) -> list[tuple[tuple[int, int, int, int], Claim]]:
    bases = [b for b, _ in story_bases(ctx.docs)]
    found: list[tuple[float, Link, str, str, str]] = []
    for link in al.links:
        if not link.clash:
            continue
        va, vb = _values(ctx, link.a, bases), _values(ctx, link.b, bases)
        oa, ob = (ctx.docs[r[0]].article.outlet for r in (link.a, link.b))
        for c in clashes(va, vb):
            slot = _SLOT_NAMES.get(c.slot[0], c.slot[0])
            found.append((link.score, link, slot, _shown(c.a), _shown(c.b)))
            break
        else:
            ta, tb = ctx.docs[link.a[0]].text(link.a[1]), ctx.docs[link.b[0]].text(link.b[1])
            if link.coverage >= 0.4 and bool(_DENIAL.search(ta)) != bool(_DENIAL.search(tb)):
                denies = oa if _DENIAL.search(ta) else ob
                other = ob if denies == oa else oa
                found.append((link.score - 1.0, link, "denial", f"{denies} reports a denial", other))
    found.sort(key=lambda t: (-t[0], t[1].a, t[1].b))
    out: list[tuple[tuple[int, int, int, int], Claim]] = []
    seen: set[tuple[Ref, Ref]] = set()
    for _, link, slot, sa, sb in found:
        if (link.a, link.b) in seen or len(out) >= opts.max_conflicts:
            continue
        seen.add((link.a, link.b))
        oa, ob = (ctx.docs[r[0]].article.outlet for r in (link.a, link.b))
        if slot == "denial":
            text = f"{sa} of what {sb} reports as fact"
            detail = "denial: one outlet reports a denial of what the other states"
        else:
            text = f"{oa}: {sa}; {ob}: {sb}"
            detail = f"{slot} differs: {oa} says {sa}, {ob} says {sb}"
        out.append(
            (
                (1, 0, *link.a),
                Claim(
                    text=text,
                    status="conflict",
                    outlets=tuple(sorted({oa, ob})),
                    citations=(al.cite(*link.a), al.cite(*link.b)),
                    detail=detail,
                ),
            )
        )
    return out


def _shown(v: Value) -> str:
    return v.text


def _values(ctx: StoryContext, ref: Ref, bases: Sequence[date | None]) -> list[Value]:
    n, i = ref
    s = ctx.docs[n].sentences[i]
    text = ctx.docs[n].text(i)
    dates = sentence_dates(ctx.docs, n, i, bases[n])
    skip = [(d.start - s.start, d.end - s.start) for d in dates]
    out = find_values(text, offset=s.start, skip=skip)
    for d in dates:
        if d.precision in ("day", "month") and not d.said:
            written = ctx.docs[n].article.text[d.start : d.end]
            out.append(
                Value(("date", d.precision), float(d.ordinal), d.start, d.end, f"{written} ({d.date})")
            )
    return out


def _unique(
    ctx: StoryContext, idx: EntityIndex, al: Alignment, opts: ClaimOptions
) -> list[tuple[tuple[int, int, int, int], Claim]]:
    bases = story_bases(ctx.docs)
    units = [
        (n, i)
        for n, d in enumerate(ctx.docs)
        for i in range(len(d.sentences))
        if len(d.text(i).split()) >= opts.min_words
    ]
    texts = [ctx.docs[n].text(i) for n, i in units]
    names = [
        frozenset(m.entity for m in idx.in_range(n, s.start, s.end) if not m.ambiguous)
        for n, i in units
        for s in (ctx.docs[n].sentences[i],)
    ]
    dates = [
        find_dates(ctx.docs[n].text(i), bases[n][0], offset=ctx.docs[n].sentences[i].start) for n, i in units
    ]
    numbers = [bool(find_values(t)) for t in texts]
    used = {
        u
        for u, ref in enumerate(units)
        if al.links_of(ref) or any(al.key(c.ref[0]) != al.key(ref[0]) for c in al.copies(ref))
    }
    return _unique_claims(ctx, idx, units, texts, names, dates, numbers, used, opts)


def _unique_claims(
    ctx: StoryContext,
    idx: EntityIndex,
    units: list[tuple[int, int]],
    texts: list[str],
    names: list[frozenset[str]],
    dates: list[list[DateMention]],
    numbers: list[bool],
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
