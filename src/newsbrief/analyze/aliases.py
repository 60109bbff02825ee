"""Alias rules: which spellings, forms and partial names of a story are one person, place or thing.

Mentions are grouped by name key; the groups are then joined (people by full name, nickname or a
surname spelling; things by abbreviation, legal form, word order, one misspelt word or a listed
other name; acronyms by definition or unique initials), and bare names are attached to the one full
name they fit, or left with their candidates. ``entities.build_index`` runs them in that order; its
docstring lists each rule with examples.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from newsbrief.analyze.acronyms import defined_pairs, initials
from newsbrief.analyze.context import StoryContext
from newsbrief.analyze.names import (
    COMPASS,
    CONNECTORS,
    DESIGNATORS,
    PERSON_TITLES,
    bag_key,
    known_given_names,
    name_key,
    org_key,
    place_of,
    place_table,
    same_given_name,
    spelling_variant,
)
from newsbrief.analyze.spans import KINDS, Raw, person_context_ok
from newsbrief.analyze.transliteration import ARTICLES, romanised_surname, transliteration_variant
from newsbrief.partition import Partition

__all__ = [
    "INSTITUTION_TAILS",
    "KIND_RANK",
    "Groups",
    "bare_names",
    "group_names",
    "join_acronyms",
    "join_handles",
    "join_named_twice",
    "join_people",
    "join_things",
    "shared_surnames",
    "surname_forms",
]

KIND_RANK = {k: i for i, k in enumerate(KINDS)}
# Words after a name that make an institution of it ("Cornell" → "Cornell University").
INSTITUTION_TAILS = (
    ("university",),
    ("college",),
    ("hotel",),
    ("news",),
    ("high", "school"),
    ("school",),
    ("hospital",),
    ("medical", "center"),
    ("foods",),
)


@dataclass
class Groups:
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


def group_names(raws: list[Raw]) -> Groups:
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
    kind = [min(c, key=lambda lab: (-c[lab], KIND_RANK[lab])) for c in labels]
    uf = Partition()
    for g in range(len(keys)):
        uf.find(g)
    return Groups(keys, members, labels, kind, uf)


def surname_forms(gr: Groups) -> list[int]:
    """The full person names (two words or more), less those that are the tail of a longer one
    ("Tolley Pryce" of "Annabel Tolley Pryce"), which are read as bare surnames."""
    people = [
        g
        for g in range(len(gr.keys))
        if gr.kind[g] == "PERSON" and len(gr.keys[g]) >= 2 and not _article_surname(gr, g)
    ]
    full = []
    for g in people:
        k = gr.keys[g]
        tail = any(len(gr.keys[h]) > len(k) and gr.keys[h][-len(k) :] == k for h in people)
        if not tail:
            full.append(g)
    return full


def _article_surname(gr: Groups, g: int) -> bool:
    """A surname with its Arabic article ("al-Assad", "El-Sissi"): a bare surname, not a given name
    and a surname; "Al Gore", written apart, is a given name."""
    return len(gr.keys[g]) == 2 and all(
        re.match(r"(\w+)[-‐‑]", r.surface) is not None and gr.keys[g][0] in ARTICLES for r in gr.members[g]
    )


def join_people(gr: Groups, full: list[int]) -> None:
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
    # person fits, and never two surnames that one article names side by side. A spelling may be
    # another romanisation of a name from another script ("Moammar Gadhafi" / "Muammar Qaddafi");
    # where outlets use three, all of them are one name.

    def one_person(g: int, h: int) -> bool:
        first, last, hf, hl = keys[g][0], keys[g][-1], keys[h][0], keys[h][-1]
        romanised = _romanised(keys[g], keys[h])
        if hl[:1] != last[:1] and not romanised:
            return False  # neither the same surname nor a spelling of it
        given = same_given_name(first, hf) or _romanised_given_name(first, hf)
        # with one surname, a given name two letters from another is its romanisation or its
        # English form ("Binyamin" / "Benjamin"), unless both are given names of their own
        spelt = hl == last and spelling_variant(first, hf) and not {first, hf} <= known_given_names()
        return (hl == last and first != hf and (given or spelt)) or (
            hl != last and given and (romanised or spelling_variant(last, hl)) and not gr.docs(g) & gr.docs(h)
        )

    for g in full:
        fitting = [h for h in full if uf.find(h) != uf.find(g) and one_person(g, h)]
        roots = {uf.find(h) for h in fitting}
        if len(roots) == 1 or (
            len(roots) > 1
            and any(_romanised(keys[h], keys[g]) for h in fitting)
            and all(
                keys[h][-1] == keys[g][-1] or transliteration_variant(keys[h][-1], keys[g][-1])
                for h in fitting
            )
            and all(one_person(x, y) for x, y in combinations(fitting, 2) if uf.find(x) != uf.find(y))
        ):
            for h in fitting:
                uf.union(g, h)


def _romanised(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two name keys end in two romanisations of one surname: told apart by a consonant or
    an article (``romanised_surname``), or by vowels or a doubled letter after an Arabic article
    ("Omar al-Rami" / "Omar el-Rammi"), which marks the name as romanised."""
    if romanised_surname(a[-1], b[-1]):
        return True
    marked = any(len(k) > 1 and k[-2] in ARTICLES for k in (a, b))
    return marked and transliteration_variant(a[-1], b[-1])


def _romanised_given_name(a: str, b: str) -> bool:
    """Two romanisations of one given name ("Mohammed" / "Muhammad"), unless both are given names of
    their own in the nickname table ("Alan" / "Allen" may be two people)."""
    known = known_given_names()
    return transliteration_variant(a, b) and not (a in known and b in known)


_AKA = re.compile(r"(?:\b(?:also|better|formerly)\s+known\s+as|\baka|\ba\.k\.a\.)\s+$", re.IGNORECASE)


# "Jane and Gary Wilson": a couple or siblings named with one surname written once
_COUPLE = re.compile(r"^(?P<a>[A-Z][a-z]+)\s+(?:and|&)\s+(?P<b>[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+)+)$")
_PARTICLES = frozenset({"de", "da", "di", "del", "van", "von", "der", "den", "la", "le", "du", "bin", "ibn"})
# nouns that make the name after them an appositive of someone else ("his wife Jill", "Biden's
# daughter Ashley"): that name is a relative's, whose surname the next person's need not be
_RELATION_NOUNS = frozenset({
    "wife", "husband", "spouse", "partner", "widow", "widower", "fiance", "fiancé", "fiancee", "fiancée",
    "girlfriend", "boyfriend", "son", "daughter", "child", "stepson", "stepdaughter", "grandson",
    "granddaughter", "mother", "father", "stepmother", "stepfather", "grandmother", "grandfather",
    "brother", "sister", "cousin", "niece", "nephew", "aunt", "uncle", "friend",
})  # fmt: skip


def shared_surnames(ctx: StoryContext, raws: list[Raw]) -> list[Raw]:
    """A given name coordinated with a full name shares its surname: "Jane and Gary Wilson" are
    Jane Wilson and Gary Wilson, two people, whether the recognizer read one span or two. The given
    name's mention then carries the full name ("Jane" of that phrase is read as "Jane Wilson").
    Left alone: a word after a title or that is a surname elsewhere in the story ("Coach Reed and
    Gary Wilson", "Park and Gary Wilson" where the story names Linda Park), a word the nickname
    table does not list as a given name, a given name set after a kin or partner noun ("Joe Biden,
    his wife Jill and Gary Wilson": Jill is Biden's wife, an appositive, not a Wilson), and a given
    name the story writes in full with another surname only ("Jill" where the story names Jill
    Biden and no Jill Wilson)."""
    keys = [k for r in raws if r.label == "PERSON" and len(k := name_key(r.surface, person=True)) >= 2]
    surnames = {k[-1] for k in keys}
    written_with: dict[str, set[str]] = defaultdict(set)  # given name → the surnames it has in full
    for k in keys:
        written_with[k[0]].add(k[-1])
    known = known_given_names()

    def given(doc: int, start: int, word: str, partner: str) -> bool:
        before = ctx.docs[doc].article.text[max(0, start - 30) : start].split()
        last = before[-1].strip(".,").lower() if before else ""
        w = word.lower()
        # "Jill Biden" elsewhere and no "Jill Wilson", when the partner is Gary Wilson: Jill is a Biden
        full = written_with.get(w, set())
        return (
            w in known
            and w not in surnames
            and last not in PERSON_TITLES
            and last not in _RELATION_NOUNS
            and (not full or bool(full & set(name_key(partner, person=True)[-1:])))
        )

    def surname_of(full: str) -> str:
        words = full.split()[1:]
        i = len(words) - 1
        while i > 0 and words[i - 1].lower() in _PARTICLES:
            i -= 1
        return " ".join(words[i:])

    out: list[Raw] = []
    for r in raws:
        m = _COUPLE.match(r.surface) if r.label == "PERSON" else None
        if m is not None and given(r.doc, r.start, m["a"], m["b"]):
            a_end, b_start = r.start + m.end("a"), r.start + m.start("b")
            out.append(Raw(r.doc, r.start, a_end, f"{m['a']} {surname_of(m['b'])}", "PERSON", False))
            out.append(Raw(r.doc, b_start, r.end, m["b"], "PERSON", r.possessive))
        else:
            out.append(r)
    people = sorted((r for r in out if r.label == "PERSON"), key=lambda r: (r.doc, r.start))
    renamed: dict[tuple[int, int], Raw] = {}
    for a, b in pairwise(people):
        text = ctx.docs[a.doc].article.text
        if a.doc != b.doc or not re.fullmatch(r"\s+(?:and|&)\s+", text[a.end : b.start]):
            continue
        if (
            re.fullmatch(r"[A-Z][a-z]+", a.surface)
            and len(b.surface.split()) >= 2
            and given(a.doc, a.start, a.surface, b.surface)
        ):
            renamed[(a.doc, a.start)] = Raw(
                a.doc, a.start, a.end, f"{a.surface} {surname_of(b.surface)}", a.label, a.possessive
            )
    return [renamed.get((r.doc, r.start), r) if r.label == "PERSON" else r for r in out]


def join_named_twice(ctx: StoryContext, gr: Groups) -> None:
    """People the text itself names twice: a given name coordinated with a full name shares its
    surname ("Ruth and Alan Pemberton": that "Ruth" is Ruth Pemberton, when the story names her so;
    ``shared_surnames`` has already read a listed given name so, and the article's bare "Ruth" is
    her too), and
    a name given after "also known as" / "aka" is another name of the person named just before it
    in the sentence ("Ruth, 61, who was also known as Ruth Calloway")."""
    at: dict[tuple[int, int], int] = {}  # (article, start) → group, people only
    for g in range(len(gr.keys)):
        if gr.kind[g] == "PERSON":
            for r in gr.members[g]:
                at[(r.doc, r.start)] = g
    key_id = {k: g for g, k in enumerate(gr.keys)}
    by_doc: dict[int, list[Raw]] = defaultdict(list)
    for g in sorted(set(at.values())):
        for r in gr.members[g]:
            by_doc[r.doc].append(r)
    for g in sorted(set(at.values())):
        # "Ruth" of "Ruth and Alan Pemberton", read as Ruth Pemberton (``shared_surnames``): where the
        # article also calls her "Ruth", that is her
        bare = key_id.get(gr.keys[g][:1]) if len(gr.keys[g]) >= 2 else None
        if bare is None or gr.kind[bare] != "PERSON":
            continue
        for r in gr.members[g]:
            span = name_key(ctx.docs[r.doc].article.text[r.start : r.end], person=True)
            if span == gr.keys[g][:1] and r.doc in gr.docs(bare):
                gr.uf.union(bare, g)
    for d, people in by_doc.items():
        people.sort(key=lambda r: r.start)
        text = ctx.docs[d].article.text
        for a, b in pairwise(people):
            ka, kb = name_key(a.surface, person=True), name_key(b.surface, person=True)
            ga, gb = at[(d, a.start)], at[(d, b.start)]
            between = text[a.end : b.start]
            if len(ka) == 1 and len(kb) >= 2 and re.fullmatch(r"\s+(?:and|&)\s+", between):
                full = key_id.get((ka[0], *kb[1:]))
                if full is not None and gr.kind[full] == "PERSON":
                    gr.uf.union(ga, full)
            sentence_end = re.search(r"[.!?]\s", between)
            if sentence_end is None and _AKA.search(text[a.end : b.start]) and len(kb) >= 2:
                gr.uf.union(ga, gb)


def join_things(gr: Groups, ctx: StoryContext | None = None) -> None:
    """Organisations and places: same name once abbreviations, legal forms and word order are set
    aside; one misspelt word; a listed other name of a place; a name plus an institution word.
    ``ctx`` (the story's sentences) tells a short form's second reference from a second name; without
    it, only the order of the two names does."""
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
    # one word spelt differently, one letter off ("Sacremento", "Bureau of Land Managment")
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
    # "Ashford Chapel of St. Agnes" = "Chapel of ..." with its place in front
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
    # a name the story also writes with a legal form ("Apple Inc.") is that company's; its bare
    # form is the company, never the institution that shares its first word ("Apple Medical Center")
    incorporated = {okey[g] for g in things if keys[g] and keys[g][-1] in DESIGNATORS and okey[g] != keys[g]}
    for g in things:
        if gr.kind[g] not in ("ORG", "FAC") or okey[g] in incorporated:
            continue
        k = okey[g]
        fits = {uf.find(h) for tail in INSTITUTION_TAILS for h in by_key.get(k + tail, [])}
        if len(k) == 1:  # "Riverside" of "Saint Aldric Riverside Medical Center": a campus by its own name
            fits |= {uf.find(h) for h in things if _campus(okey[h]) == k[0]}
        if len(fits) == 1:
            uf.union(g, fits.pop())
    # "Ellis Brook" read as a person beside "Ellis Brook High School": the school by its name
    for g in range(len(keys)):
        if gr.kind[g] != "PERSON" or len(keys[g]) < 2:
            continue
        fits = {
            uf.find(h)
            for tail in INSTITUTION_TAILS
            for h in by_key.get(keys[g] + tail, [])
            if gr.kind[h] in ("ORG", "FAC")
        }
        if len(fits) == 1:
            uf.union(g, fits.pop())
    _join_short_forms(gr, [g for g in things if gr.kind[g] in ("ORG", "FAC")], okey, places, ctx)


def _join_short_forms(
    gr: Groups,
    orgs: list[int],
    okey: dict[int, tuple[str, ...]],
    places: set[tuple[str, ...]],
    ctx: StoryContext | None,
) -> None:
    """A second reference that leaves out middle words of an organisation's name but keeps its
    first word and its head ("Brackley Fire Company" for "Brackley Volunteer Fire Co.", "Carrow Rescue Team"
    for "Carrow Valley Mountain Rescue Team"): joined when exactly one longer name fits. A left-out
    compass or place word makes another organisation ("University of California" is not
    "University of Southern California"), and so does an article that writes both names as two:
    in one sentence ("Northside Regional Medical Center and Northside Medical Center, two
    hospitals") or the short one first, which then refers back to nothing. A short form written
    after the long one in a later sentence is its second reference ("Kennedy International
    Airport" … "Kennedy Airport")."""
    uf = gr.uf
    for g in orgs:
        a = okey[g]
        if len([w for w in a if w not in CONNECTORS]) < 2:
            continue  # "Halvorsen Foods" is not "Halvorsen Foods Distribution Center"'s short form
        fits = set()
        for h in orgs:
            b = okey[h]
            if len(b) <= len(a) or b[0] != a[0] or b[-1] != a[-1]:
                continue
            if _named_apart(gr, g, h, ctx):
                continue
            dropped = _dropped(a, b)
            if dropped is not None and not any(w in COMPASS or (w,) in places for w in dropped):
                fits.add(uf.find(h))
        if len(fits) == 1 and uf.find(g) not in fits:
            uf.union(g, fits.pop())


def _named_apart(gr: Groups, short: int, long: int, ctx: StoryContext | None) -> bool:
    """Whether an article writes the names of groups ``short`` and ``long`` as two institutions:
    the short one before the long one's first mention, or both in one sentence."""
    for d in sorted(gr.docs(short) & gr.docs(long)):
        shorts = [r.start for r in gr.members[short] if r.doc == d]
        longs = [r.start for r in gr.members[long] if r.doc == d]
        if min(shorts) < min(longs):
            return True
        if ctx is not None and {ctx.sentence_at(d, x) for x in shorts} & {
            ctx.sentence_at(d, x) for x in longs
        }:
            return True
    return False


def _campus(key: tuple[str, ...]) -> str | None:
    """The word naming the campus in "<system, two words or more> <campus> <institution tail>"
    ("Saint Aldric Riverside Medical Center" → "riverside"), else ``None``."""
    for tail in INSTITUTION_TAILS:
        stem = key[: len(key) - len(tail)]
        if key[len(stem) :] == tail and len(stem) >= 3 and not set(stem) & CONNECTORS:
            return stem[-1]
    return None


def _dropped(short: tuple[str, ...], long: tuple[str, ...]) -> list[str] | None:
    """The words of ``long`` left out to make ``short`` (its words in order), else ``None``."""
    out: list[str] = []
    i = 0
    for w in long:
        if i < len(short) and short[i] == w:
            i += 1
        else:
            out.append(w)
    return out if i == len(short) else None


def join_handles(ctx: StoryContext, gr: Groups) -> None:
    """A social-media handle joins the person whose name its signature puts before it ("Jane Doe
    (@janedoe)", the mentions ``spans.social_handles`` found)."""
    ends: dict[tuple[int, int], int] = {}
    for g in range(len(gr.keys)):
        if gr.kind[g] == "PERSON" and not gr.keys[g][0].startswith("@"):
            for r in gr.members[g]:
                ends[(r.doc, r.end)] = g
    for g in range(len(gr.keys)):
        if not gr.keys[g][0].startswith("@"):
            continue
        for r in gr.members[g]:
            text = ctx.docs[r.doc].article.text
            opening = re.search(r"\s*\($", text[max(0, r.start - 4) : r.start])
            owner = ends.get((r.doc, r.start - len(opening.group(0)))) if opening else None
            if owner is not None:
                gr.uf.union(owner, g)


def join_acronyms(ctx: StoryContext, gr: Groups) -> None:
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


# a generational suffix after a surname: "Robert Harlan Jr.", "John Doe III"
_GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv"})


def bare_names(
    ctx: StoryContext, gr: Groups, full: list[int]
) -> tuple[dict[int, tuple[int, ...]], dict[tuple[int, int], int], set[int]]:
    """Attach bare names to people. A surname is the last word (or words) of a full name, or a word
    inside one ("Tolley"), or the first where no full name ends in it ("Kim", "Moon"), or one
    letter or two off a surname no full name spells that way ("Pembreton"); a given name joins only
    a person named in full in the same article when several share it. When several namesakes fit, an
    article's bare name is the one it named in full before the bare name's first use, if only one.
    Returns the ambiguous groups with their candidates, the per-article resolutions, and the groups
    left on their own."""
    keys, uf = gr.keys, gr.uf
    by_last: dict[tuple[str, ...], set[int]] = defaultdict(set)
    by_first: dict[str, set[int]] = defaultdict(set)
    by_inner: dict[str, set[int]] = defaultdict(set)
    # the first of two surnames ("Villafuerte" of "Juan Villafuerte Morales"): Spanish and
    # Portuguese names carry the father's surname then the mother's, and news uses the first alone
    by_paternal: dict[str, set[int]] = defaultdict(set)
    compound = {keys[g][0] for g in range(len(keys)) if gr.kind[g] == "PERSON" and len(keys[g]) >= 2}
    compound -= {keys[g][0] for g in full}
    for g in full:
        k = keys[g]
        by_first[k[0]].add(uf.find(g))
        for n in range(1, len(k)):
            by_last[k[n:]].add(uf.find(g))
        if k[-1] in _GENERATIONAL:
            # "Robert Harlan Jr." and "Robert Harlan Sr." are both a "Harlan": father and son
            for n in range(1, len(k) - 1):
                by_last[k[n:-1]].add(uf.find(g))
        for w in k[1:-1]:
            if w in compound:  # "Tolley" of "Tolley Pryce", a surname the story uses alone
                by_inner[w].add(uf.find(g))
        if len(k) == 3 and len(k[1]) > 2:  # not a middle initial ("John F. Kennedy")
            by_paternal[k[1]].add(uf.find(g))
    lasts = {k[0]: v for k, v in by_last.items() if len(k) == 1}
    full_in_doc: dict[int, set[int]] = defaultdict(set)
    first_full: dict[tuple[int, int], int] = {}  # (article, person) → where it is first named in full
    for g in full:
        for r in gr.members[g]:
            if len(name_key(ctx.docs[r.doc].article.text[r.start : r.end], person=True)) < len(keys[g]):
                continue  # "Jane" of "Jane and Gary Wilson" (``shared_surnames``): only Gary is written in full
            root = uf.find(g)
            full_in_doc[r.doc].add(root)
            first_full[(r.doc, root)] = min(r.start, first_full.get((r.doc, root), r.start))
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
            continue  # "Ashby" called a place may be a surname; "in Jordan" is a place
        cands = set(by_last.get(k, set()))
        if not cands and len(k) == 1:
            cands = set(by_inner.get(k[0], set()))
            if not cands and k[0] in by_first and gr.labels[g]["PERSON"]:  # a given name: not "Subaru"
                cands = set(by_first[k[0]])
            if not cands and gr.labels[g]["PERSON"] and len(by_paternal.get(k[0], ())) == 1:
                cands = set(by_paternal[k[0]])  # "Villafuerte" said …: Juan Villafuerte Morales
            if not cands and gr.kind[g] == "PERSON" and k[0] not in common:  # not "Wood" for "Woods"
                near = {w for w in lasts if spelling_variant(k[0], w) or romanised_surname(k[0], w)}
                if len(near) == 1:
                    cands = set(lasts[near.pop()])
        if not cands and len(k) == 2 and k[0] in ARTICLES and gr.kind[g] == "PERSON":
            # "Al-Sisi" for "Abdel Fattah el-Sissi": the surname with another article and spelling
            cands = {c for w in lasts if w == k[1] or transliteration_variant(k[1], w) for c in lasts[w]}
        if not cands:
            continue
        gr.kind[g] = "PERSON"
        if len(cands) == 1:
            uf.union(g, next(iter(cands)))
            continue
        for d in gr.docs(g):
            here = cands & full_in_doc[d]
            # a bare surname refers back to someone already introduced: when only one of the
            # namesakes is named in full before its first use, it is that one ("Ann Roe … Roe said
            # …", then "her sister Eve Roe"); one the article names in full only after it is
            # someone else ("Mayor Pratt told reporters …" before "his predecessor, John Pratt":
            # the mayor is the Pratt the other outlets name)
            first = min(r.start for r in gr.members[g] if r.doc == d)
            here = {c for c in here if first_full[(d, c)] < first}
            if len(here) == 1:
                resolution[(g, d)] = next(iter(here))
        if len(cands) > 1:
            ambiguous[g] = tuple(sorted(cands))
        else:
            solo.add(g)
    return ambiguous, resolution, solo
