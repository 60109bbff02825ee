"""People, organizations and places of a story, merged across spellings, forms and outlets.

Order: recognize (spaCy NER) and clean the spans (``spans.collect``: titles out of names, credits
and junk dropped) → find the mentions the recognizer missed (``spans.propagate``) → a given name
listed with a full name takes its surname ("Jane and Gary Wilson": Jane Wilson) → one group per
name key (case, hyphens, dots, middle initials and possessives do not count) → join people: full
names that share first and last word, or differ only in spaces ("Yoon Seo-yeon" / "Yoon Seoyeon"),
by a nickname or a spelling of the given name ("Ron" / "Ronald"), or by a spelling or another
romanisation of the surname ("Gadhafi" / "Qaddafi", ``transliteration``) when the given name is the
same and no article names both → people the text names twice ("Ruth
and Alan Pemberton", "also known as Ruth Calloway") → join things: abbreviations, legal
forms and word order ("Mt." / "Mount", "Tesla Inc." / "Tesla", "University of X" / "X
University"), one misspelt word ("Centre" / "Center"), listed other names of places ("DPRK" /
"North Korea"), a name and the same name plus an institution word ("Cornell" / "Cornell
University") → acronyms (defined in the text, or whose initials match exactly one long form) →
attach a bare name ("Trump", a multi-word surname "Tolley Pryce", a misspelt "Pembreton") to
the one full name it is part of; when several fit ("Kim"), use the one named in the same article if
it is the only one there, else keep the bare name as its own entity that lists its candidates (never
a guess) →
titles → count mentions per outlet.

The alias rules (grouping, joining people and things, acronyms, bare names) are in ``aliases``;
this module runs them in order and assembles the entities.

Never joined: two full names with different given names, or different surnames of people both
named in one article; an organisation's short form and a longer name that one article writes as
two (in one sentence, or the short one first).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from newsbrief.analyze.acronyms import acronym_definitions
from newsbrief.analyze.aliases import (
    KIND_RANK,
    Groups,
    bare_names,
    group_names,
    join_acronyms,
    join_handles,
    join_named_twice,
    join_people,
    join_things,
    shared_surnames,
    surname_forms,
)
from newsbrief.analyze.context import StoryContext
from newsbrief.analyze.names import (
    PERSON_TITLES,
    TITLE_WORDS,
    name_key,
    place_of,
)
from newsbrief.analyze.records import MentionSpan, TitleMention
from newsbrief.analyze.spans import (
    INSTITUTION,
    KINDS,
    Raw,
    collect,
    lower_case_heads,
    propagate,
    social_handles,
)
from newsbrief.analyze.titles import find_titles, title_head, unique_titles
from newsbrief.model import Citation, Entity, Mention

__all__ = [
    "KINDS",
    "TITLE_WORDS",
    "EntityIndex",
    "MentionSpan",
    "TitleMention",
    "build_index",
    "extract_entities",
    "title_head",
]


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """The merged entities plus what the other sections need: mentions by position and titles."""

    entities: tuple[Entity, ...]
    mentions: tuple[tuple[MentionSpan, ...], ...]  # per document, by start offset
    titles: tuple[TitleMention, ...]

    def in_range(self, doc: int, start: int, end: int) -> list[MentionSpan]:
        return [m for m in self.mentions[doc] if m.start < end and m.end > start]

    def entity(self, name: str) -> Entity | None:
        for e in self.entities:
            if e.name == name:
                return e
        return None


def extract_entities(docs: Sequence[object] | StoryContext) -> tuple[Entity, ...]:
    """The story's merged people, organizations and places, most mentioned first."""
    from newsbrief.analyze.context import parse

    ctx = docs if isinstance(docs, StoryContext) else parse(docs)  # type: ignore[arg-type]
    return build_index(ctx).entities


def _without_products(raws: list[Raw]) -> list[Raw]:
    """Drop "people" whose first word the story names on its own only as an organisation: a
    product of that maker ("Skoda Yeti", "Mazda Tribute" beside "Mazda")."""
    labels: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for r in raws:
        labels[name_key(r.surface)][r.label] += 1
    makers = {k[0] for k, c in labels.items() if len(k) == 1 and c["ORG"] and not c["PERSON"]}
    out = []
    for r in raws:
        k = name_key(r.surface, person=True)
        if r.label == "PERSON" and len(k) >= 2 and k[0] in makers and not labels[k]["ORG"]:
            continue
        out.append(r)
    return out


def build_index(ctx: StoryContext) -> EntityIndex:
    """Merge the recognizer's spans into entities (see the module docstring for the order)."""
    raws = collect(ctx)
    raws += acronym_definitions(ctx, raws)
    raws += propagate(ctx, raws)
    raws += social_handles(ctx, raws)
    raws = shared_surnames(ctx, lower_case_heads(ctx, raws))
    gr = group_names(_without_products(raws))
    full = surname_forms(gr)
    join_people(gr, full)
    join_named_twice(ctx, gr)
    join_things(gr, ctx)
    join_acronyms(ctx, gr)
    join_handles(ctx, gr)
    ambiguous, bare_resolution, solo = bare_names(ctx, gr, full)
    return _assemble(ctx, gr, ambiguous, bare_resolution, solo)


def _assemble(
    ctx: StoryContext,
    gr: Groups,
    ambiguous: dict[int, tuple[int, ...]],
    resolution: dict[tuple[int, int], int],
    solo: set[int],
) -> EntityIndex:
    """Clusters → named entities with mentions, citations, aliases, titles and candidates."""
    keys, uf = gr.keys, gr.uf
    # every mention to a cluster id: a root, or ("bare", g) for a bare name left unresolved
    clusters: dict[tuple[str, int], list[tuple[Raw, int]]] = defaultdict(list)
    for g in range(len(keys)):
        for r in gr.members[g]:
            if g in ambiguous or g in solo:
                root = resolution.get((g, r.doc))
                cid = ("e", uf.find(root)) if root is not None else ("bare", g)
            else:
                cid = ("e", uf.find(g))
            clusters[cid].append((r, g))

    names: dict[tuple[str, int], str] = {}
    kinds: dict[tuple[str, int], str] = {}
    for cid, items in clusters.items():
        votes = Counter(gr.kind[g] for _, g in items)  # one vote a mention
        kinds[cid] = min(votes, key=lambda k: (-votes[k], KIND_RANK[k]))
        names[cid] = _pick_name(items, keys)
        if kinds[cid] == "PERSON" and names[cid].split()[-1].lower() in INSTITUTION:
            kinds[cid] = "ORG"
        elif kinds[cid] == "PERSON" and cid[0] == "e" and _read_as_place(ctx, [r for r, _ in items]):
            kinds[cid] = "LOC"
        elif kinds[cid] == "PERSON" and cid[0] == "e" and _read_as_thing(ctx, [r for r, _ in items]):
            kinds[cid] = "FAC"
    # a one-word "person" the text sets off as a product ("Dorvalin, a drug that …") is no entity
    for cid in [c for c, items in clusters.items() if kinds[c] == "PERSON" and _a_product(ctx, items)]:
        del clusters[cid]
    # names must be unique across clusters
    seen: dict[str, tuple[str, int]] = {}
    for cid in sorted(clusters, key=lambda c: (-len(clusters[c]), c)):
        n = names[cid]
        if n in seen:
            names[cid] = f"{n} ({kinds[cid]})" if kinds[seen[n]] != kinds[cid] else f"{n} [{cid[1]}]"
        seen.setdefault(names[cid], cid)

    spans: list[list[MentionSpan]] = [[] for _ in ctx.docs]
    for cid, items in clusters.items():
        unsure = cid[0] == "bare" and cid[1] in ambiguous
        for r, _ in items:
            spans[r.doc].append(
                MentionSpan(r.doc, r.start, r.end, names[cid], kinds[cid], r.possessive, unsure)
            )
    for s in spans:
        s.sort(key=lambda m: (m.start, m.end))

    titles = find_titles(ctx, spans)
    titles_of: dict[str, list[TitleMention]] = defaultdict(list)
    for t in titles:
        titles_of[t.entity].append(t)
    places = _with_region(ctx, spans)

    entities: list[Entity] = []
    for cid, items in clusters.items():
        name = names[cid]
        per_outlet: Counter[str] = Counter(ctx.docs[r.doc].article.outlet for r, _ in items)
        citations = sorted(
            {ctx.cite(r.doc, r.start, r.end) for r, _ in items},
            key=lambda c: (_doc_order(ctx, c), c.start),
        )
        aliases = sorted(
            ({_display(r.surface) for r, _ in items} | _as_written(ctx, items) | places.get(name, set()))
            - {name}
        )
        candidates: tuple[str, ...] = ()
        if cid[0] == "bare" and cid[1] in ambiguous:
            candidates = tuple(
                sorted({names[("e", root)] for root in ambiguous[cid[1]] if ("e", root) in names})
            )
        entities.append(
            Entity(
                name=name,
                kind=kinds[cid],
                aliases=tuple(aliases),
                titles=unique_titles(titles_of.get(name, [])),
                mentions=tuple(Mention(o, n) for o, n in sorted(per_outlet.items())),
                citations=tuple(citations),
                candidates=candidates,
            )
        )
    entities.sort(key=lambda e: (-sum(m.count for m in e.mentions), e.name))
    return EntityIndex(tuple(entities), tuple(tuple(s) for s in spans), tuple(titles))


# Where a one-word name reads as a place: after a preposition of place ("at Yongbyon"), or before
# a common noun naming a site ("the Yongbyon nuclear complex", "the Dimona reactor").
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|outside|across|into)\s+$", re.IGNORECASE)
_SITE_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:complex|plant|facility|site|reactor|base|camp|region|province|district|"
    r"county|area|border|airport|port|harbou?r|valley|mine|refinery|dam)\b"
)


def _read_as_place(ctx: StoryContext, mentions: list[Raw]) -> bool:
    """A one-word "person" the text uses as a place: some mention reads as one (``_PLACE_BEFORE``,
    ``_SITE_AFTER``) and none as a person (a title before it, a possessive, a second name word).

    The recognizer labels an unfamiliar one-word name (often a transliterated place) a person
    by its shape; a person's surname is written after "at" or before "nuclear complex" almost
    never, and a person is named with a title, in full or in the possessive somewhere in a story.
    """
    place = False
    for r in mentions:
        text = ctx.docs[r.doc].article.text
        if len(r.surface.split()) != 1 or r.possessive:
            return False
        before = text[max(0, r.start - 30) : r.start]
        last = re.search(r"([\w.]+)\s+$", before)
        if last and last.group(1).lower().strip(".") in PERSON_TITLES:
            return False
        place = place or bool(_PLACE_BEFORE.search(before) or _SITE_AFTER.match(text[r.end : r.end + 40]))
    return place


def _read_as_thing(ctx: StoryContext, mentions: list[Raw]) -> bool:
    """A one-word "person" the text always writes after "the", as a name of its own somewhere
    ("aboard the Grapple", "from the Grapple, a Navy salvage ship"): English puts no article
    before a person's name, but does before a ship's, a building's or a programme's. A mention
    with a lower-case word after it ("the Johnson administration") names something else again,
    so one at least must stand alone (before punctuation)."""
    alone = False
    for r in mentions:
        text = ctx.docs[r.doc].article.text
        if len(r.surface.split()) != 1 or not re.search(r"\bthe\s+$", text[max(0, r.start - 5) : r.start]):
            return False
        alone = alone or bool(re.match(r"[,.;:)]", text[r.end : r.end + 1]))
    return alone


# an apposition that says what a one-word name is: a product, not a person
_PRODUCT_APPOSITION = re.compile(
    r",\s+(?:a|an)\s+(?:[a-z-]+\s+){0,3}?(?:drug|medicine|medication|vaccine|pill|painkiller|"
    r"antidepressant|antibiotic|pesticide|chemical|compound|brand|product)\b"
)


def _a_product(ctx: StoryContext, items: list[tuple[Raw, int]]) -> bool:
    """Every mention is one word, none a possessive or after a title, and one at least is set
    off as a product ("Dorvalin, a drug that dampens …"): the recognizer's person is a product's
    name, which the brief's people, organisations and places do not list."""
    product = False
    for r, _ in items:
        text = ctx.docs[r.doc].article.text
        if len(r.surface.split()) != 1 or r.possessive:
            return False
        last = re.search(r"([\w.]+)\s+$", text[max(0, r.start - 30) : r.start])
        if last and last.group(1).lower().strip(".") in PERSON_TITLES:
            return False
        product = product or bool(_PRODUCT_APPOSITION.match(text, r.end))
    return product


def _with_region(ctx: StoryContext, spans: list[list[MentionSpan]]) -> dict[str, set[str]]:
    """ "Cook County, Ill.", "Burlington, Vermont": a place followed by its state or country is a form
    of that place's name, listed among its aliases (entity name → such forms)."""
    out: dict[str, set[str]] = defaultdict(set)
    for n, doc_spans in enumerate(spans):
        text = ctx.docs[n].article.text
        for a, b in pairwise(doc_spans):
            if a.kind not in ("GPE", "LOC", "FAC") or a.entity == b.entity:
                continue
            if not re.fullmatch(r",\s", text[a.end : b.start]) or place_of(text[b.start : b.end]) is None:
                continue
            if place_of(text[a.start : a.end]) is not None or re.match(
                r"\.?(?:,\s+[A-Z]|\s+(?:and|or)\s)", text[b.end :]
            ):
                continue  # "California, Oregon and Washington" is a list, not a place and its state
            if _subject(ctx, n, b.end):
                continue  # "In Hanoi, North Korea asked …": a phrase of place, then the clause's subject
            end = b.end + (1 if text[b.end : b.end + 1] == "." and text[b.end - 1].islower() else 0)
            out[a.entity].add(_display(text[a.start : end]))
        for a, b in pairwise(doc_spans):
            # "Jesus of Nazareth": a one-word name with its place is a form of that name
            one_word = a.kind == "PERSON" and len(a.entity.split()) == 1 and not a.ambiguous
            place = b.kind in ("GPE", "LOC") or len(b.entity.split()) == 1  # "Nazareth" read as a name
            if one_word and place and re.fullmatch(r"\s+of\s+", text[a.end : b.start]):
                out[a.entity].add(_display(text[a.start : b.end]))
    return out


def _subject(ctx: StoryContext, n: int, end: int) -> bool:
    """The name ending at ``end`` is followed by a finite verb: it is a clause's subject ("In
    Hanoi, North Korea asked"), not the state or country set off after a place, which news closes
    with a comma ("Burlington, Vermont, said")."""
    nxt = re.match(r"\s+(\w)", ctx.docs[n].article.text[end : end + 20])
    tok = ctx.token_at(n, end + nxt.start(1)) if nxt else None
    return tok is not None and tok.tag in ("VBD", "VBZ", "VBP", "MD")


def _as_written(ctx: StoryContext, items: list[tuple[Raw, int]]) -> set[str]:
    """The given names written alone that a mention reads with a shared surname ("Jane" of "Jane and
    Gary Wilson", read as "Jane Wilson" by ``aliases.shared_surnames``): still a form of the name."""
    out = set()
    for r, _ in items:
        written = ctx.docs[r.doc].article.text[r.start : r.end]
        if written != r.surface and r.surface.startswith(written + " ") and " " not in written:
            out.add(written)
    return out


def _doc_order(ctx: StoryContext, c: Citation) -> int:
    for i, d in enumerate(ctx.docs):
        if d.article.id == c.article_id:
            return i
    return len(ctx.docs)


def _display(surface: str) -> str:
    return " ".join(surface.split())


def _pick_name(items: list[tuple[Raw, int]], keys: list[tuple[str, ...]]) -> str:
    """The most used of the longest forms (a long form beats its acronym, a full name its surname)."""
    longest = max(len(keys[g]) for _, g in items)
    forms: Counter[str] = Counter(_display(r.surface) for r, g in items if len(keys[g]) == longest)
    short = [f for f in forms if (p := place_of(f)) is not None and name_key(f) != p]
    if len(short) < len(forms):  # "Delaware", not "Del."
        for f in short:
            del forms[f]
    acronymish = [f for f in forms if f.replace(".", "").isupper()]
    if len(acronymish) < len(forms):
        for f in acronymish:
            del forms[f]
    return min(forms, key=lambda f: (-forms[f], len(f), f))
