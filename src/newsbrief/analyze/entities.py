"""People, organizations and places of a story, merged across spellings, forms and outlets.

Order: recognize (spaCy NER) and clean the spans (``spans.collect``: titles out of names, credits
and junk dropped) → find the mentions the recognizer missed (``spans.propagate``) → one group per
name key (case, hyphens, dots, middle initials and possessives do not count) → join people: full
names that share first and last word, or differ only in spaces ("Yoon Seo-yeon" / "Yoon Seoyeon"),
by a nickname or a spelling of the given name ("Ron" / "Ronald"), or by a spelling of the surname
when the given name is the same and no article names both → join things: abbreviations, legal
forms and word order ("Mt." / "Mount", "Tesla Inc." / "Tesla", "University of X" / "X
University"), one misspelt word ("Centre" / "Center"), listed other names of places ("DPRK" /
"North Korea"), a name and the same name plus an institution word ("Cornell" / "Cornell
University") → acronyms (defined in the text, or whose initials match exactly one long form) →
attach a bare name ("Trump", a multi-word surname "Dickson Wright", a misspelt "Semintelli") to
the one full name it is part of; when several fit ("Kim"), use the one named in the same article if
it is the only one there, else keep the bare name as its own entity that lists its candidates (never
a guess) →
titles → count mentions per outlet.

Never joined: two full names with different given names, or different surnames of people both
named in one article.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from newsbrief.analyze.acronyms import acronym_definitions, defined_pairs, initials
from newsbrief.analyze.context import StoryContext
from newsbrief.analyze.names import (
    TITLE_WORDS,
    bag_key,
    name_key,
    org_key,
    place_of,
    place_table,
    same_given_name,
    spelling_variant,
)
from newsbrief.analyze.records import MentionSpan, TitleMention
from newsbrief.analyze.spans import INSTITUTION, KINDS, Raw, collect, person_context_ok, propagate
from newsbrief.analyze.titles import find_titles, title_head, unique_titles
from newsbrief.model import Citation, Entity, Mention
from newsbrief.partition import Partition

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

_KIND_RANK = {k: i for i, k in enumerate(KINDS)}
_title_head = title_head  # the name quotes.py imports
# Words after a name that make an institution of it ("Cornell" → "Cornell University").
_INSTITUTION_TAILS = (
    ("university",),
    ("college",),
    ("hotel",),
    ("news",),
    ("high", "school"),
    ("school",),
    ("hospital",),
    ("foods",),
)


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


@dataclass
class _Groups:
    """Mentions grouped by name key, with each group's kind and the union of groups."""

    keys: list[tuple[str, ...]]
    members: list[list[Raw]]
    labels: list[Counter[str]]
    kind: list[str]
    uf: Partition

    def docs(self, g: int) -> set[int]:
        return {r.doc for r in self.members[g]}

    def surface(self, g: int) -> str:
        return self.members[g][0].surface


def extract_entities(docs: Sequence[object] | StoryContext) -> tuple[Entity, ...]:
    """The story's merged people, organizations and places, most mentioned first."""
    from newsbrief.analyze.context import parse

    ctx = docs if isinstance(docs, StoryContext) else parse(docs)  # type: ignore[arg-type]
    return build_index(ctx).entities


def _without_products(raws: list[Raw]) -> list[Raw]:
    """Drop "people" whose first word the story names on its own only as an organisation: a
    product of that maker ("Jeep Wrangler", "Honda Passport" beside "Honda")."""
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


def _group(raws: list[Raw]) -> _Groups:
    keys: list[tuple[str, ...]] = []
    key_id: dict[tuple[str, ...], int] = {}
    labels: list[Counter[str]] = []
    members: list[list[Raw]] = []
    for r in raws:
        k = name_key(r.surface, person=r.label == "PERSON")
        if not k:
            continue
        if k not in key_id:
            key_id[k] = len(keys)
            keys.append(k)
            labels.append(Counter())
            members.append([])
        labels[key_id[k]][r.label] += 1
        members[key_id[k]].append(r)
    kind = [min(c, key=lambda lab: (-c[lab], _KIND_RANK[lab])) for c in labels]
    uf = Partition()
    for g in range(len(keys)):
        uf.find(g)
    return _Groups(keys, members, labels, kind, uf)


def build_index(ctx: StoryContext) -> EntityIndex:
    """Merge the recognizer's spans into entities (see the module docstring for the order)."""
    raws = collect(ctx)
    raws += acronym_definitions(ctx, raws)
    raws += propagate(ctx, raws)
    gr = _group(_without_products(raws))
    full = _surname_forms(gr)
    _join_people(gr, full)
    _join_things(gr)
    _join_acronyms(ctx, gr)
    ambiguous, bare_resolution, solo = _bare_names(ctx, gr, full)
    return _assemble(ctx, gr, ambiguous, bare_resolution, solo)


def _surname_forms(gr: _Groups) -> list[int]:
    """The full person names (two words or more), less those that are the tail of a longer one
    ("Dickson Wright" of "Clarissa Dickson Wright"), which are read as bare surnames."""
    people = [g for g in range(len(gr.keys)) if gr.kind[g] == "PERSON" and len(gr.keys[g]) >= 2]
    full = []
    for g in people:
        k = gr.keys[g]
        tail = any(len(gr.keys[h]) > len(k) and gr.keys[h][-len(k) :] == k for h in people)
        if not tail:
            full.append(g)
    return full


def _join_people(gr: _Groups, full: list[int]) -> None:
    keys, uf = gr.keys, gr.uf
    by_ends: dict[tuple[str, str], int] = {}
    by_compact: dict[str, int] = {}
    for g in full:
        ends = (keys[g][0], keys[g][-1])
        compact = "".join(keys[g])
        if ends in by_ends:
            uf.union(by_ends[ends], g)
        by_ends.setdefault(ends, g)
        if compact in by_compact:  # "Yoon Seo-yeon" / "Yoon Seoyeon"
            uf.union(by_compact[compact], g)
        by_compact.setdefault(compact, g)
    for g in range(len(keys)):  # "Kang Taeho" or "Carlie Marie Trent" called an organisation
        if gr.kind[g] == "PERSON" or len(keys[g]) < 2:
            continue
        k = name_key(gr.surface(g), person=True)
        person = by_compact.get("".join(k), by_ends.get((k[0], k[-1])))
        if person is not None:
            uf.union(person, g)
            gr.kind[g] = "PERSON"
    # a nickname or spelling of the given name, or a spelling of the surname: only when exactly one
    # person fits, and never two surnames that one article names side by side
    for g in full:
        first, last = keys[g][0], keys[g][-1]
        fits = set()
        for h in full:
            if uf.find(h) == uf.find(g):
                continue
            hf, hl = keys[h][0], keys[h][-1]
            if hl[:1] != last[:1]:
                continue  # neither the same surname nor a spelling of it
            if (hl == last and first != hf and same_given_name(first, hf)) or (
                hl != last
                and same_given_name(first, hf)
                and spelling_variant(last, hl)
                and not gr.docs(g) & gr.docs(h)
            ):
                fits.add(uf.find(h))
        if len(fits) == 1:
            uf.union(g, fits.pop())


def _join_things(gr: _Groups) -> None:
    """Organisations and places: same name once abbreviations, legal forms and word order are set
    aside; one misspelt word; a listed other name of a place; a name plus an institution word."""
    keys, uf = gr.keys, gr.uf
    things = [g for g in range(len(keys)) if gr.kind[g] != "PERSON"]
    canon: dict[tuple[str, ...], int] = {}
    for g in things:
        forms = [org_key(keys[g])]
        bag = bag_key(keys[g])
        if bag is not None:
            forms.append(("\0bag", *bag))
        place = place_of(gr.surface(g))
        if place is not None:
            forms.append(("\0place", *place))
        elif keys[g] in place_table().values():
            forms.append(("\0place", *keys[g]))
        for f in forms:
            if f in canon:
                uf.union(canon[f], g)
            else:
                canon[f] = g
    # one word spelt differently, one letter off ("Los Angles", "Journal of Forensic Science")
    okey = {g: org_key(keys[g]) for g in things}
    by_len: dict[int, list[int]] = defaultdict(list)
    for g in things:
        by_len[len(okey[g])].append(g)
    for same in by_len.values():
        for i, g in enumerate(same):
            a = okey[g]
            for h in same[i + 1 :]:
                b = okey[h]
                if a[0][:1] != b[0][:1] or uf.find(g) == uf.find(h):
                    continue
                diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
                if len(a) > 1 and len(diff) == 1 and spelling_variant(*diff[0], edits=1):
                    uf.union(g, h)
    # "Cornell" + "Cornell University": only an organisation name, and only one such longer name
    by_key = defaultdict(list)
    for g in things:
        by_key[okey[g]].append(g)
    # "Turin Cathedral of St. John the Baptist" = "Cathedral of ..." with its place in front
    # (only when one place is ever put in front: "U.S. Supreme Court" and "California Supreme
    # Court" are two courts, and neither is the bare "Supreme Court")
    places = {keys[g] for g in things if gr.kind[g] in ("GPE", "LOC")} | set(place_table())
    prefixed: dict[int, set[int]] = defaultdict(set)  # bare name's root → prefixed names
    for g in things:
        k = okey[g]
        for i in range(1, len(k) - 1):
            fits = {uf.find(h) for h in by_key.get(k[i:], [])} if k[:i] in places else set()
            if len(fits) == 1:
                prefixed[fits.pop()].add(g)
                break
    for root, longer in sorted(prefixed.items()):
        if len({uf.find(g) for g in longer}) == 1:
            uf.union(root, min(longer))
    for g in things:
        if gr.kind[g] not in ("ORG", "FAC"):
            continue
        k = okey[g]
        fits = {uf.find(h) for tail in _INSTITUTION_TAILS for h in by_key.get(k + tail, [])}
        if len(fits) == 1:
            uf.union(g, fits.pop())


def _join_acronyms(ctx: StoryContext, gr: _Groups) -> None:
    """Acronyms defined in the text; otherwise initials that match exactly one long form (a trailing
    "and ..." may be left out of them: "CDC" for "Centers for Disease Control and Prevention")."""
    keys, uf = gr.keys, gr.uf
    key_id = {k: g for g, k in enumerate(keys)}
    defined: set[tuple[str, ...]] = set()
    for acr, long in defined_pairs(ctx):
        a, lg = key_id.get(acr), key_id.get(long)
        if a is not None and lg is not None:
            uf.union(a, lg)
            defined.add(acr)
    long_forms: dict[str, list[int]] = defaultdict(list)
    for g in range(len(keys)):
        if gr.kind[g] != "PERSON" and len(keys[g]) >= 2:
            surface = gr.surface(g)
            forms = {initials(surface)}
            short = re.split(r"\s+and\s+", surface)
            if len(short) == 2 and len(short[0].split()) >= 2:
                forms.add(initials(short[0]))
            for f in forms:
                long_forms[f].append(g)
    for g in range(len(keys)):
        surface = gr.surface(g).replace(".", "")
        listed = place_of(gr.surface(g)) is not None  # "D.C." is a place, not "District Court"
        if (
            len(keys[g]) == 1
            and gr.kind[g] != "PERSON"
            and surface.isupper()
            and keys[g] not in defined
            and not listed
        ):
            fits = long_forms.get(keys[g][0], [])
            if len({uf.find(x) for x in fits}) == 1:
                uf.union(g, fits[0])


def _bare_names(
    ctx: StoryContext, gr: _Groups, full: list[int]
) -> tuple[dict[int, tuple[int, ...]], dict[tuple[int, int], int], set[int]]:
    """Attach bare names to people. A surname is the last word (or words) of a full name, or a word
    inside one ("Dickson"), or the first where no full name ends in it ("Kim", "Moon"), or one
    letter or two off a surname no full name spells that way ("Semintelli"); a given name joins only
    a person named in full in the same article when several share it. Returns the ambiguous groups with their candidates,
    the per-article resolutions, and the groups left on their own."""
    keys, uf = gr.keys, gr.uf
    by_last: dict[tuple[str, ...], set[int]] = defaultdict(set)
    by_first: dict[str, set[int]] = defaultdict(set)
    by_inner: dict[str, set[int]] = defaultdict(set)
    compound = {keys[g][0] for g in range(len(keys)) if gr.kind[g] == "PERSON" and len(keys[g]) >= 2}
    compound -= {keys[g][0] for g in full}
    for g in full:
        k = keys[g]
        by_first[k[0]].add(uf.find(g))
        for n in range(1, len(k)):
            by_last[k[n:]].add(uf.find(g))
        for w in k[1:-1]:
            if w in compound:  # "Dickson" of "Dickson Wright", a surname the story uses alone
                by_inner[w].add(uf.find(g))
    lasts = {k[0]: v for k, v in by_last.items() if len(k) == 1}
    full_in_doc: dict[int, set[int]] = defaultdict(set)
    for g in full:
        for r in gr.members[g]:
            full_in_doc[r.doc].add(uf.find(g))
    common = {w for d in ctx.docs for w in re.findall(r"\b[a-z]+\b", d.article.text)}
    ambiguous: dict[int, tuple[int, ...]] = {}
    resolution: dict[tuple[int, int], int] = {}
    solo: set[int] = set()
    fulls = set(full)
    for g in range(len(keys)):
        k = keys[g]
        if g in fulls or gr.surface(g).replace(".", "").isupper():
            continue  # an acronym ("UN") is not a surname ("Kim Jong Un")
        if gr.kind[g] not in ("PERSON", "ORG") and not (
            len(k) == 1 and place_of(gr.surface(g)) is None and person_context_ok(ctx, gr.members[g])
        ):
            continue  # "Cummings" called a place may be a surname; "in Jordan" is a place
        cands = set(by_last.get(k, set()))
        if not cands and len(k) == 1:
            cands = set(by_inner.get(k[0], set()))
            if not cands and k[0] in by_first and gr.labels[g]["PERSON"]:  # a given name: not "Jeep"
                cands = set(by_first[k[0]])
            if not cands and gr.kind[g] == "PERSON" and k[0] not in common:  # not "House" for "Houser"
                near = {w for w in lasts if spelling_variant(k[0], w)}
                if len(near) == 1:
                    cands = set(lasts[near.pop()])
        if not cands:
            continue
        gr.kind[g] = "PERSON"
        if len(cands) == 1:
            uf.union(g, next(iter(cands)))
            continue
        for d in gr.docs(g):
            here = cands & full_in_doc[d]
            if len(here) == 1:
                resolution[(g, d)] = next(iter(here))
        if len(cands) > 1:
            ambiguous[g] = tuple(sorted(cands))
        else:
            solo.add(g)
    return ambiguous, resolution, solo


def _assemble(
    ctx: StoryContext,
    gr: _Groups,
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
        kinds[cid] = min(votes, key=lambda k: (-votes[k], _KIND_RANK[k]))
        names[cid] = _pick_name(items, keys)
        if kinds[cid] == "PERSON" and names[cid].split()[-1].lower() in INSTITUTION:
            kinds[cid] = "ORG"
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
        aliases = sorted(({_display(r.surface) for r, _ in items} | places.get(name, set())) - {name})
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


def _with_region(ctx: StoryContext, spans: list[list[MentionSpan]]) -> dict[str, set[str]]:
    """ "Cook County, Ill.", "Newark, Delaware": a place followed by its state or country is a form
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
            end = b.end + (1 if text[b.end : b.end + 1] == "." and text[b.end - 1].islower() else 0)
            out[a.entity].add(_display(text[a.start : end]))
        for a, b in pairwise(doc_spans):
            # "Jesus of Nazareth": a one-word name with its place is a form of that name
            one_word = a.kind == "PERSON" and len(a.entity.split()) == 1 and not a.ambiguous
            place = b.kind in ("GPE", "LOC") or len(b.entity.split()) == 1  # "Nazareth" read as a name
            if one_word and place and re.fullmatch(r"\s+of\s+", text[a.end : b.start]):
                out[a.entity].add(_display(text[a.start : b.end]))
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
