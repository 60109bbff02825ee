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

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsbrief.align import Alignment, Link, Ref, align, negated_verb, opposite_words
from newsbrief.analyze.context import StoryContext, parse
from newsbrief.analyze.entities import EntityIndex, build_index
from newsbrief.analyze.transliteration import consonants, romanised_surname
from newsbrief.datefind import DateMention, find_dates, story_bases
from newsbrief.docs import Doc
from newsbrief.model import Claim
from newsbrief.partition import Partition
from newsbrief.speech import SPEECH_WORDS
from newsbrief.stated import sentence_values, tells_future
from newsbrief.text import STOPWORDS, content_start, content_stems, tokens
from newsbrief.valuecheck import agree, clashes
from newsbrief.values import Value, find_casualties, find_values


@dataclass(frozen=True, slots=True)
class ClaimOptions:
    """How many claims a brief lists: ``min_words`` (a shorter sentence is never a unique claim),
    ``unique_per_outlet`` unique claims per outlet and ``max_conflicts`` conflicts per story."""

    min_words: int = 6  # shorter sentences are never unique claims
    unique_per_outlet: int = 3
    max_conflicts: int = 3  # per story: a reader checks a few contradictions, not a list


_SLOT_NAMES = {
    "count": "number",
    "money": "amount",
    "percent": "percentage",
    "time": "time",
    "age": "age",
    "duration": "how long",
    "vote": "vote",
    "length": "distance",
    "mass": "weight",
    "date": "date",
    "family": "family members",
    "fall": "distance fallen",
    "scope": "who they were",
    "label": "which one",
}
# two sentences about one event, by the alignment's score, before their opposite outcomes are a
# conflict: the bar for the same fact (AlignOptions.same), the words aside
_OUTCOME_SCORE = 1.82
_NEGATED = re.compile(r"\b(?:not|never|no\s+longer)\b|n[’']t\b", re.IGNORECASE)
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
    """One claim per sentence that carries links not yet shown, most outlets first.

    A sentence's partners are the other independent articles' sentences stating the same fact and
    those carrying it verbatim (a copy is a citation of the same words, so the same fact).
    """

    def partners(ref: Ref) -> list[Ref]:
        copies = [c.ref for c in al.copies(ref) if al.key(c.ref[0]) != al.key(ref[0])]
        return sorted(set(al.same(ref)) | set(copies))

    refs = sorted(
        {r for x in al.links if x.kind == "same" for r in (x.a, x.b)}
        | {r for r in al.copied() if partners(r)}
    )
    order = sorted(refs, key=lambda r: (-len(al.outlets(r)), r))
    shown: set[tuple[Ref, Ref]] = set()
    out = []
    for ref in order:
        # one claim for one wording: the partners of its verbatim copies are its partners too
        copies = {c.ref for c in al.copies(ref)}
        mine = sorted((set(partners(ref)) | {p for c in copies for p in partners(c)}) - {ref})
        if all((min(ref, p), max(ref, p)) in shown for p in mine):
            continue
        pairs = [(ref, p) for p in mine] + [(c, p) for c in copies for p in partners(c)]
        shown.update((min(a, b), max(a, b)) for a, b in pairs)
        outlets = al.outlets(ref)
        names = ", ".join(outlets)
        carried = sorted({al.docs[p[0]].article.outlet for p in mine} - set(outlets))
        detail = f"reported by {len(outlets)} {'outlet' if len(outlets) == 1 else 'outlets'}: {names}"
        if carried:
            # wire copy: the same words under other names are one source, shown, never counted
            detail += f"; also carried verbatim by {', '.join(carried)}"
        out.append(
            (
                (0, -len(outlets), *ref),
                Claim(
                    text=al.docs[ref[0]].text(ref[1]),
                    status="agree",
                    outlets=outlets,
                    citations=(al.cite(*ref), *(al.cite(*p) for p in mine)),
                    detail=detail,
                ),
            )
        )
    return out


def _conflicts(
    ctx: StoryContext, al: Alignment, opts: ClaimOptions
) -> list[tuple[tuple[int, int, int, int], Claim]]:
    bases = [b for b, _ in story_bases(ctx.docs)]
    found: list[_Found] = []
    for link in al.links:
        if not link.clash:
            continue
        va, vb = _values(ctx, link.a, bases), _values(ctx, link.b, bases)
        oa, ob = (ctx.docs[r[0]].article.outlet for r in (link.a, link.b))
        ta, tb = ctx.docs[link.a[0]].text(link.a[1]), ctx.docs[link.b[0]].text(link.b[1])
        for c in clashes(va, vb):
            if c.slot[0] == "age" and _ages_of_different_people(c.a, c.b):
                continue
            if c.slot[0] in ("time", "date") and tells_future(ta) != tells_future(tb):
                # an event yet to come ("a memorial will take place at 4 p.m.", "would appear in
                # court on Wednesday") is not the one that happened ("the fire was put out at 7:40
                # p.m.", "appeared in court on Monday"): their times and dates do not disagree
                continue
            if c.slot[0] == "date" and (_tells_a_state(ctx, link.a) or _tells_a_state(ctx, link.b)):
                # "was in stable condition on Friday" dates how someone was, not the event ("was
                # shot on Monday night"): a state and an event neither agree nor clash on a date
                continue
            if c.slot[0] == "date" and (_DATED_FROM_ANOTHER.search(ta) or _DATED_FROM_ANOTHER.search(tb)):
                # "returned home on Sunday, five days after the dam breached": the sentence dates one
                # event and tells another's time from it, so its date is no date of the other
                continue
            if c.slot[0] == "count" and bool(_NOT_ONE_INCIDENT.search(ta)) != bool(
                _NOT_ONE_INCIDENT.search(tb)
            ):
                # a tally over a period, or a toll counting the attacker, against one incident's count
                continue
            if c.slot[0] == "count" and _tolls_of_two_places(ctx, (link.a, c.a), (link.b, c.b)):
                continue
            if c.slot[0] == "count" and (
                _also_written(ctx, link.a, va, c.b.value) or _also_written(ctx, link.b, vb, c.a.value)
            ):
                # the sentence gives the other outlet's number too, of a part or of the figure before:
                # "4,000 people were evacuated, including 1,200 from Berrow" / "1,200 people were
                # evacuated from Berrow"; "4,000 …, up from 1,200 on Thursday"
                continue
            if c.slot[0] in ("count", "money", "percent") and _of_two_periods(
                (ta, bases[link.a[0]]), (tb, bases[link.b[0]])
            ):
                continue
            if c.slot[0] in ("money", "percent", "age") and max(_many(va, c.slot), _many(vb, c.slot)) > 1:
                # a sentence giving several amounts prices several things ("a crate of pears costs
                # an extra $5, a crate of plums went from $20 to $31"), one giving several shares
                # measures several groups ("61 percent versus 44 percent"), one giving several ages
                # describes several people ("a 34-year-old man and a 28-year-old woman"): which of
                # them the other outlet's value is of cannot be told, so no contradiction is shown
                continue
            slot = _SLOT_NAMES.get(c.slot[0], c.slot[0])
            found.append((link.score, link, slot, _shown(c.a), _shown(c.b), _key(c.a), _key(c.b)))
            break
        else:
            outcome = opposite_words(ta, tb)
            if outcome is not None and link.score >= _OUTCOME_SCORE:
                # "convicted" / "acquitted" of one event: opposite outcomes, shown as such
                wa, wb, ka, kb = outcome
                found.append((link.score - 0.5, link, "outcome", wa, wb, f"outcome:{ka}", f"outcome:{kb}"))
            elif (negated := negated_verb(ta, tb)) is not None and link.score >= _OUTCOME_SCORE:
                # "the dam did not fail" / "the dam had failed" of one event: one outlet denies what
                # the other states, shown as the two verbs ("did not fail" / "had failed")
                wa, wb, verb = negated
                ka, kb = (f"outcome:{'not ' if _NEGATED.search(w) else ''}{verb}" for w in (wa, wb))
                found.append((link.score - 0.5, link, "outcome", wa, wb, ka, kb))
            elif link.coverage >= 0.4 and bool(_DENIAL.search(ta)) != bool(_DENIAL.search(tb)):
                denies = oa if _DENIAL.search(ta) else ob
                other = ob if denies == oa else oa
                found.append((link.score - 1.0, link, "denial", f"{denies} reports a denial", other, "", ""))
    found.extend(_name_conflicts(ctx, al))
    found.extend(_casualty_conflicts(ctx, al))
    found.extend(_age_conflicts(ctx, al))
    found.extend(_disputes(ctx, al))
    found.extend(_verdicts(ctx, al))
    found.sort(key=lambda t: (-t[0], t[1].a, t[1].b))
    out: list[tuple[tuple[int, int, int, int], Claim]] = []
    for group in _disagreements(found)[: opts.max_conflicts]:
        _, link, slot, sa, sb, _, _ = group[0]
        if slot == "denial":
            text = f"{sa} of what {sb} reports as fact"
            detail = "denial: one outlet reports a denial of what the other states"
            refs = [link.a, link.b]
        elif slot == "dispute":
            # the question and its answer cited one after the other: the reader reads the dispute
            asked, claim = (link.a, link.b) if sa == "question" else (link.b, link.a)
            outlet_q, outlet_c = (ctx.docs[r[0]].article.outlet for r in (asked, claim))
            text = f"{outlet_q} disputes what {outlet_c} reports"
            detail = f"disputed: {outlet_q} asks whether it is so and answers no"
            refs = [claim, asked, (asked[0], asked[1] + 1)]
        else:
            sides = _sides(group)
            said = [(", ".join(sorted({ctx.docs[r[0]].article.outlet for r in rs})), v) for v, rs in sides]
            text = "; ".join(f"{who}: {v}" for who, v in said)
            detail = f"{slot} differs: " + "; ".join(
                f"{who.replace(', ', ' and ')} {'say' if ', ' in who else 'says'} {v}" for who, v in said
            )
            refs = list(dict.fromkeys(r for _, rs in sides for r in rs))
        out.append(
            (
                (1, 0, *link.a),
                Claim(
                    text=text,
                    status="conflict",
                    outlets=tuple(sorted({ctx.docs[r[0]].article.outlet for r in refs})),
                    citations=tuple(al.cite(*r) for r in refs),
                    detail=detail,
                ),
            )
        )
    return out


# conflicts that are no values of a slot: each is its own disagreement
_OWN_GROUP = frozenset({"denial", "dispute"})
# (strength, link, slot as a reader reads it, value shown for a, for b, value key of a, of b)
_Found = tuple[float, Link, str, str, str, str, str]


def _key(v: Value) -> str:
    """What makes two wordings one value: the slot and the number ("12" / "twelve", "$1.2bn" /
    "$1.2 billion"; "9:15 p.m. ET" / "6:15 p.m. PT"), a range's low end included."""
    value = v.value if v.utc_offset is None else (v.value - v.utc_offset) % 1440  # a moment, in UTC
    return f"{v.slot}:{value:.6g}:{v.low}:{v.bound}"


def _disagreements(found: Sequence[_Found]) -> list[list[_Found]]:
    """The clashes grouped by disagreement, strongest first: clashes of one slot that share a
    sentence ("40 cases" / "27 cases" and "27 cases" / "40 cases" of one outlet; 63 / 60 and 60 /
    70 passengers) or that set the same two values against each other.

    Three outlets where one gives 27 cases and two give 40 are one disagreement, shown once with
    the outlets on each side, not two conflicts that each name one of the majority; three outlets
    giving 63, 60 and 70 passengers are one, with three sides. One value in two disagreements does
    not join them: "$2 million" / "$3 million" of matching funds and "$4 million" / "$2 million" a
    year of tax are two conflicts, not one with an outlet on two sides. Opposite outcomes join only
    by sentence ("killed" is told of many events). A denial is its own group; a second clash of the
    same two sentences adds nothing (the first one is kept).
    """
    kept: list[_Found] = []
    pairs: set[tuple[Ref, Ref]] = set()
    for item in found:
        link = item[1]
        if (link.a, link.b) not in pairs:
            pairs.add((link.a, link.b))
            kept.append(item)
    joined = Partition(range(len(kept)))
    first: dict[object, int] = {}  # what joins two clashes → the first clash with it
    for k, (_, link, slot, _, _, ka, kb) in enumerate(kept):
        if slot in _OWN_GROUP:
            continue
        joins: list[object] = [(slot, link.a), (slot, link.b)]
        if slot != "outcome":
            joins.append((slot, frozenset((ka, kb))))
        for key in joins:
            joined.union(k, first.setdefault(key, k))
    groups: dict[int, list[_Found]] = {}
    for k, item in enumerate(kept):
        groups.setdefault(joined.find(k), []).append(item)
    return list(groups.values())


def _sides(group: Sequence[_Found]) -> list[tuple[str, list[Ref]]]:
    """The values of a disagreement, each as first shown with the sentences that give it, in the
    order the strongest links give them."""
    sides: dict[str, tuple[str, list[Ref]]] = {}
    for _, link, _, va, vb, ka, kb in group:
        for ref, shown, key in ((link.a, va, ka), (link.b, vb, kb)):
            refs = sides.setdefault(key, (shown, []))[1]
            if ref not in refs:
                refs.append(ref)
    return [(v, sorted(rs)) for v, rs in sides.values()]


def _name_conflicts(ctx: StoryContext, al: Alignment) -> list[_Found]:
    """One name spelled two ways by two outlets, each keeping to its own spelling.

    A person: the same first name and a surname a letter or two apart ("Tobias Lindqvist" /
    "Tobias Lindquist"). An organisation, only inside two aligned sentences: the same first word
    and a different rest ("Bellmore Coastal Shipping" / "Bellmore Harbor Carriers"). An outlet that
    also writes the other form, whole or its surname alone, is not counted (its slip, not a
    disagreement between outlets), nor
    are two romanisations of a name from another script, each outlet's house style ("Moammar
    Gadhafi" / "Muammar Qaddafi", "al-Sisi" / "el-Sissi": ``transliteration.romanised_surname``).
    """
    from rapidfuzz.distance import Levenshtein

    texts: dict[str, str] = defaultdict(str)
    for d in ctx.docs:
        texts[d.article.outlet] += "\n" + d.article.text.replace("’", "'")
    first: dict[tuple[str, str], tuple[str, Ref]] = {}
    for n, p in enumerate(ctx.parsed):
        for e in p.ents:
            # the possessive is no part of the name: "Lindqvist's", and after an s "Gonzales'"
            name = re.sub(r"'s?$", "", e.text.replace("’", "'"))
            words = name.split()
            if e.label in ("PERSON", "ORG") and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
                key = (ctx.docs[n].article.outlet, name)
                first.setdefault(key, (e.label, (n, ctx.sentence_at(n, e.start))))
    linked = {(x.a, x.b) for x in al.links} | {(x.b, x.a) for x in al.links}
    out: list[_Found] = []
    names = sorted(first)
    for k, (oa, na) in enumerate(names):
        for ob, nb in names[k + 1 :]:
            (la, ra), (lb, rb) = first[(oa, na)], first[(ob, nb)]
            wa, wb = na.split(), nb.split()
            if oa == ob or la != lb or wa[0] != wb[0] or na == nb or al.key(ra[0]) == al.key(rb[0]):
                continue
            if nb in texts[oa] or na in texts[ob]:
                continue
            if la == "PERSON" and (_writes(texts[oa], wb[-1]) or _writes(texts[ob], wa[-1])):
                continue  # the outlet writes the other surname too ("Natanyahu" once, "Netanyahu" after)
            if la == "PERSON":
                near = (
                    len(wa) == len(wb)
                    and wa[:-1] == wb[:-1]
                    and 0 < Levenshtein.distance(wa[-1], wb[-1]) <= 2
                )
                if not near or len(wa[-1]) < 5 or romanised_surname(wa[-1], wb[-1]):
                    continue  # two romanisations of one name are house styles, not a disagreement
            elif (ra, rb) not in linked or len(wa) < 3 or len(wb) < 3 or set(wa[1:]) & set(wb[1:]):
                continue
            a, b = min(ra, rb), max(ra, rb)
            va, vb = (na, nb) if ra <= rb else (nb, na)
            out.append(
                (1.0, Link(a, b, 1.0, 0.0, 0.0, "related", True), "name", va, vb, va.lower(), vb.lower())
            )
    return out


def _writes(text: str, word: str) -> bool:
    """Whether ``text`` has ``word`` as a whole word, case kept."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


# where one sentence tells two incidents, each clause tells one: "a crash in Pellston left two
# people hurt, and a gunman wounded five people in Carrow Bay"
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+|(?<=[a-z])\.(?=[A-Z])")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# a count that is no one incident's toll as another outlet counts it: a tally over a period ("12 people
# were killed in Chicago this year", "since 2015") or one that counts the attacker with the victims
# ("four people dead, including the gunman" / "three people killed")
_NOT_ONE_INCIDENT = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:last|this|each|every|per|a)\s+(?:year|month|week|weekend)\b|\bso\s+far\b|"
    r"\bsince\b|\b(?:including|plus|besides|excluding|not\s+counting|in\s+addition\s+to)\s+(?:the\s+)?"
    r"(?:gunman|shooter|suspect|attacker|bomber|assailant|perpetrator|driver|pilot)\b",
    re.IGNORECASE,
)


def _casualty_conflicts(ctx: StoryContext, al: Alignment) -> list[_Found]:
    """How many one incident killed or hurt, told by two outlets in clauses that name the same
    place, a place each of the two outlets names in that one sentence only ("a crash in
    Pellston left two people hurt" / "five people were injured … in Pellston, Mich.").

    A place an article names once is where one incident of the story happened, so two outlets'
    counts of its dead (or of its hurt) are one count, however little else the two sentences
    share: a story's side incidents are told in a clause each, which the alignment never links.
    The story's main place is named in many sentences and is left to the aligned sentences.
    """
    found: dict[tuple[str, str, tuple[str, str]], list[tuple[Ref, Value]]] = defaultdict(list)
    for n, d in enumerate(ctx.docs):
        text = d.article.text
        places: dict[str, list[int]] = defaultdict(list)
        for e in ctx.parsed[n].ents:
            if e.label in _PLACE_LABELS:
                places[e.text.strip().lower()].append(ctx.sentence_at(n, e.start))
        once = {p: ss[0] for p, ss in places.items() if len(set(ss)) == 1 and len(p) > 2}
        if not once:
            continue
        for i in sorted(set(once.values())):
            sent = d.sentences[i]
            cut = [sent.start, *(sent.start + m.end() for m in _CLAUSE_BREAK.finditer(d.text(i))), sent.end]
            for lo, hi in itertools.pairwise(cut):
                clause = text[lo:hi]
                here = [
                    p for p, k in once.items() if k == i and re.search(rf"\b{re.escape(p)}\b", clause.lower())
                ]
                if _NOT_ONE_INCIDENT.search(clause):
                    continue
                for v in find_casualties(clause, offset=lo):
                    for p in here:
                        found[(p, al.key(n), v.slot)].append(((n, i), v))
    out: list[_Found] = []
    keys = sorted(found)
    for k, (place, key_a, slot) in enumerate(keys):
        for place_b, key_b, slot_b in keys[k + 1 :]:
            if place_b != place or slot_b != slot or key_b == key_a:
                continue
            clash = _told_apart(
                found[(place, key_a, slot)],
                found[(place_b, key_b, slot_b)],
                f"people {slot[1]}",
                f"casualty:{slot[1]}:{place}",
            )
            if clash is not None:
                out.append(clash)
    return out


def _told_apart(
    va: Sequence[tuple[Ref, Value]], vb: Sequence[tuple[Ref, Value]], slot: str, name: str
) -> _Found | None:
    """The conflict of two outlets' values of one named thing (a place's toll, a person's age),
    cited at each side's first sentence; None when some value of one side agrees with one of the
    other. ``name`` keys the conflict's values, so one thing's disagreements group together."""
    if any(agree(x, y) for _, x in va for _, y in vb):
        return None
    (ra, xa), (rb, xb) = min(va, key=lambda t: t[0]), min(vb, key=lambda t: t[0])
    if rb < ra:
        (ra, xa), (rb, xb) = (rb, xb), (ra, xa)
    link = Link(ra, rb, 1.0, 0.0, 0.0, "related", True)
    return (1.0, link, slot, xa.text, xb.text, f"{name}:{xa.value:g}", f"{name}:{xb.value:g}")


_BARE_NUMBER = re.compile(r"(?<![\w.,$€£:/-])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\w.,$€£:/-])\d+(?![\w,.:/-]*\d)")


def _also_written(ctx: StoryContext, ref: Ref, values: Sequence[Value], number: float) -> bool:
    """Whether sentence ``ref`` also writes ``number`` in digits outside every value read from it
    (``values``, offsets in the article): a part named after its total with the noun left out
    ("including 1,200 from Berrow", "of whom 30 were children") or the figure before ("up from
    1,200", "down from a peak of 30,000"). A number read as a value of its own ("14 homes") is
    another thing's count, not this one."""
    n, i = ref
    start = ctx.docs[n].sentences[i].start
    for m in _BARE_NUMBER.finditer(ctx.docs[n].text(i)):
        s, e = start + m.start(), start + m.end()
        if float(m.group(0).replace(",", "")) == number and not any(
            v.start < e and s < v.end for v in values
        ):
            return True
    return False


# the period a tally or a figure is of: a year as written ("in 2023"), or one named from the
# article's date ("this year", "last month", "next week")
_PERIOD = re.compile(
    r"\b(?P<year>(?:19|20)\d\d)\b(?!\s*[-–]\s*\d)|\b(?P<rel>this|last|next|previous)\s+(?P<unit>year|month|week)\b",
    re.IGNORECASE,
)
_PERIOD_SHIFT = {"this": 0, "last": -1, "previous": -1, "next": 1}


def _periods(text: str, base: date | None) -> set[tuple[object, ...]]:
    """The periods ``text`` names, each as (unit, which one): ("year", 2023), ("month", 2024, 5),
    ("week", 2024, 19); one named from the article's date is resolved on ``base``, else kept as
    written ("this year" is ("year", "this") when the article has no date)."""
    out: set[tuple[object, ...]] = set()
    for m in _PERIOD.finditer(text):
        if m["year"]:
            out.add(("year", int(m["year"])))
            continue
        unit, shift = m["unit"].lower(), _PERIOD_SHIFT[m["rel"].lower()]
        if base is None:
            out.add((unit, m["rel"].lower()))
        elif unit == "year":
            out.add(("year", base.year + shift))
        elif unit == "month":
            months = base.year * 12 + base.month - 1 + shift
            out.add(("month", months // 12, months % 12 + 1))
        else:
            year, week, _ = date.fromordinal(base.toordinal() + 7 * shift).isocalendar()
            out.add(("week", year, week))
    return out


def _of_two_periods(*told: tuple[str, date | None]) -> bool:
    """Whether two sentences are tallies over different periods: both are counts over a period
    (``_NOT_ONE_INCIDENT``) and the periods they name have none in common ("14 homicides so far
    this year" / "12 homicides in the whole of last year", "in 2023"): two periods' figures, which
    no more disagree than two incidents' tolls. A tally naming no period is left to the other
    rules."""
    (ta, ba), (tb, bb) = told
    if not (_NOT_ONE_INCIDENT.search(ta) and _NOT_ONE_INCIDENT.search(tb)):
        return False
    pa, pb = _periods(ta, ba), _periods(tb, bb)
    return bool(pa) and bool(pb) and not pa & pb


def _age_conflicts(ctx: StoryContext, al: Alignment) -> list[_Found]:
    """One person's age given two ways by two independent outlets, each set off after the person's
    full name as news style writes it ("Daniel Harker, 34, of Kelby" / "Daniel Harker, 33, was
    taken into custody"), in any two sentences: the name says whose age it is, so the sentences
    need not state one fact. The name is its last two words ("Police Chief Mara Quinn" is Mara
    Quinn); a bare surname ("Harker, 34") may be of several people and is left to the alignment."""
    told: dict[str, dict[str, list[tuple[Ref, Value]]]] = defaultdict(lambda: defaultdict(list))
    for n, d in enumerate(ctx.docs):
        for i in range(len(d.sentences)):
            for v in find_values(d.text(i), offset=d.sentences[i].start):
                words = v.text.split(",")[0].split() if v.slot[0] == "age" and "," in v.text else []
                epithet = _EPITHET.match(d.text(i)) if v.slot[0] == "age" and i > 0 else None
                if len(words) < 2 and epithet and v.start - d.sentences[i].start < epithet.end():
                    # "The 57-year-old had faced …": news names a person, then refers to them by
                    # their age in the next sentence; the age is of the one person named there
                    words = _only_person(ctx, n, i - 1)
                if len(words) >= 2:
                    told[" ".join(w.lower() for w in words[-2:])][al.key(n)].append(((n, i), v))
    out: list[_Found] = []
    for name in sorted(told):
        keys = sorted(told[name])
        for k, key_a in enumerate(keys):
            for key_b in keys[k + 1 :]:
                clash = _told_apart(told[name][key_a], told[name][key_b], "age", f"age:{name}")
                if clash is not None:
                    out.append(clash)
    return out


# an age as a sentence's subject, referring back: "The 57-year-old had faced …"
_EPITHET = re.compile(r"\s*[“\"]?The\s+\S+[-\s]years?[-\s]old\b")


def _only_person(ctx: StoryContext, n: int, i: int) -> list[str]:
    """The words of the one person sentence ``i`` of doc ``n`` names in full (two words or more,
    by the recognizer); [] when it names none or several (whose age a later "The 57-year-old"
    gives cannot then be told)."""
    s = ctx.docs[n].sentences[i]
    names = {
        " ".join(e.text.split())
        for e in ctx.parsed[n].ents
        if e.label == "PERSON" and s.start <= e.start < s.end and len(e.text.split()) >= 2
    }
    return names.pop().split() if len(names) == 1 else []


def _tolls_of_two_places(ctx: StoryContext, *told: tuple[Ref, Value]) -> bool:
    """Whether two counts are how many were killed or hurt (``values.find_casualties``) in
    clauses that name places and no place in common: the tolls of two incidents ("12 people were
    wounded in Nairobi" / "40 people were wounded in Dar es Salaam": two bombings), which no more
    disagree than the casualty comparison of one place (``_casualty_conflicts``) compares them."""
    pa, pb = (_toll_places(ctx, ref, v) for ref, v in told)
    # one place spelled two ways ("Kiev" / "Kyiv") is no second incident
    return bool(pa) and bool(pb) and not any(_one_place(x, y) for x in pa or () for y in pb or ())


def _one_place(a: str, b: str) -> bool:
    """Whether two place names (lower case) may name one place: equal, or one name's spellings,
    which keep its consonants and change its vowels ("kiev" / "kyiv", "lviv" / "lvov", "kharkov" /
    "kharkiv"). Another consonant is another place, however close the letters ("homs" / "hama",
    "sanaa" / "saada", "lima" / "lina")."""
    return a == b or (a[:1] == b[:1] and len(consonants(a)) >= 2 and consonants(a) == consonants(b))


def _toll_places(ctx: StoryContext, ref: Ref, v: Value) -> set[str] | None:
    """The places the clause of count ``v`` in sentence ``ref`` names (a dateline, where the story
    is filed, aside), when the count is of the killed or hurt; else None."""
    n, i = ref
    start, text = ctx.docs[n].sentences[i].start, ctx.docs[n].text(i)
    cut = sorted({content_start(text), *(m.end() for m in _CLAUSE_BREAK.finditer(text)), len(text)})
    for lo, hi in itertools.pairwise(cut):
        if not start + lo <= v.start < start + hi:
            continue
        if not any(
            x.start < v.end and v.start < x.end for x in find_casualties(text[lo:hi], offset=start + lo)
        ):
            return None
        return {
            e.text.strip().lower()
            for e in ctx.parsed[n].ents
            if start + lo <= e.start and e.end <= start + hi and e.label in _PLACE_LABELS
        }
    return None


# verbs of a state, not an event: "was in stable condition", "remained closed"
_STATE_VERBS = frozenset(
    {"be", "is", "are", "am", "was", "were", "been", "being", "remain", "remains", "remained", "remaining"}
)
_AUXILIARIES = frozenset({"has", "have", "had", "having", "do", "does", "did"})


def _tells_a_state(ctx: StoryContext, ref: Ref) -> bool:
    """Whether sentence ``ref`` tells only a state on its date: its verbs are forms of "be" or
    "remain", speech verbs and auxiliaries ("Officer Jackson was in stable condition on Friday, the
    hospital said"), read from the tagger's verb tags. Such a date is of how someone or something
    was, never of an event another outlet dates."""
    n, i = ref
    s = ctx.docs[n].sentences[i]
    verbs = [t.text.lower() for t in ctx.tokens_between(n, s.start, s.end) if t.tag.startswith("VB")]
    told = [v for v in verbs if v not in _STATE_VERBS and v not in _AUXILIARIES and v not in SPEECH_WORDS]
    return bool(verbs) and not told


# a sentence telling one event's time from another's: "five days after the dam breached", "two
# weeks before the vote", "the day after the fire"
_DATED_FROM_ANOTHER = re.compile(
    r"\b(?:[\w-]+\s+(?:hours?|days?|weeks?|months?|years?)|the\s+(?:day|night|morning|evening|week|month))"
    r"\s+(?:after|before|since)\b",
    re.IGNORECASE,
)

# an outlet that asks whether another's report is so and answers no: "Does that mean the senator
# has dropped her bid for governor, as the Tribune's account of her remarks suggests? Not necessarily."
_YES_NO = re.compile(
    r"^(?:does|do|did|is|are|was|were|has|have|had|will|would|can|could|should)\b", re.IGNORECASE
)
_NO_ANSWER = re.compile(
    r"^(?:no|nope|not\s+(?:necessarily|quite|really|exactly|so\s+fast|at\s+all|so)|hardly|far\s+from\s+it)[.!]?$",
    re.IGNORECASE,
)
# the question's own report ("as the Tribune's account … suggests") is who said it, not what
_ATTRIBUTION = re.compile(r",\s+(?:as|like)\s+.*$")
_QUOTE_MARKS = re.compile(r"[“”\"]")
# how a question puts a report to the reader, no part of what it asks: "Does that mean …", "Does
# this amount to …", "Is it true that …"
_ASKING = re.compile(
    r"^(?:(?:does|did|do|would|could)\s+(?:that|this|it)\s+(?:mean|constitute|amount\s+to|signal|"
    r"imply|indicate|suggest|count\s+as)\s+(?:that\s+)?|is\s+it\s+(?:true|the\s+case|so)\s+that\s+)",
    re.IGNORECASE,
)
# words that stress a question without narrowing it ("Will the bridge really open in May?")
_STRESS = frozenset({"realli", "actual", "inde", "truli", "definit", "certainli"})
# function words that narrow what a question asks ("Will the pool open to all?", "Will only the
# east span reopen?"): a report without them answers another question
_NARROWING = frozenset(
    {"all", "only", "every", "everyone", "everybody", "anyone", "each", "fully", "completely", "entirely",
     "solely", "exclusively", "alone", "always", "again", "still"}
)  # fmt: skip


def _disputes(ctx: StoryContext, al: Alignment) -> list[_Found]:
    """An outlet disputing a report: a yes/no question, outside quotation marks, that restates
    another outlet's sentence, answered by a sentence that is only a no ("Not necessarily.").

    The restated sentence is the other outlet's that holds every content word of the question (at
    least three; its attribution clause, its "does that mean" and its stress words aside) and
    every word that narrows it ("only", "all", "again"): a question adding a condition the report
    did not make ("Will the pool open on June 1 for everyone?" against "The pool will open on June
    1") or asking about another thing ("run for re-election" against "run for governor") is
    answered no about something the report never said.
    """
    out: list[_Found] = []
    for n, d in enumerate(ctx.docs):
        for i in range(len(d.sentences) - 1):
            q, answer = d.text(i).strip(), d.text(i + 1).strip()
            if not (q.endswith("?") and _YES_NO.match(q) and _NO_ANSWER.match(answer)):
                continue
            if _QUOTE_MARKS.search(q) or _QUOTE_MARKS.search(answer):
                continue
            stripped = _ASKING.sub("", _ATTRIBUTION.sub("", q.rstrip("?")))
            asked = set(content_stems(stripped)) - _STRESS
            narrowing = set(tokens(stripped)) & _NARROWING
            if len(asked) < 3:
                continue  # too little asked to tell what report it restates
            restated = next(
                (
                    (m, j)
                    for m, other in enumerate(ctx.docs)
                    if al.key(m) != al.key(n)
                    for j in range(len(other.sentences))
                    if _restates(asked, narrowing, other.text(j).strip())
                ),
                None,
            )
            if restated is not None:
                ra, rb = min((n, i), restated), max((n, i), restated)
                sa, sb = ("question", "claim") if ra == (n, i) else ("claim", "question")
                out.append((1.0, Link(ra, rb, 1.0, 0.0, 0.0, "related", True), "dispute", sa, sb, "", ""))
    return out


def _restates(asked: set[str], narrowing: set[str], said: str) -> bool:
    """Whether a statement ``said`` (no question, no quotation) holds every content stem a question
    asks about and every word narrowing it: the question adds no condition to it."""
    if said.endswith("?") or _QUOTE_MARKS.search(said):
        return False
    return not (narrowing - set(tokens(said)) or asked - set(content_stems(said)))


def _ages_of_different_people(a: Value, b: Value) -> bool:
    """Whether two ages set off after names are of two people: "Ada Threlkeld, 31" / "Lia Marsh,
    26" (two suspects, each with an age) or "Mara Quinn, 34" / "Lena Quinn, 29" (two relatives)
    are no disagreement about one; "Quinn, 34" / "Mara Quinn, 36" is."""
    if "," not in a.text or "," not in b.text:
        return False
    wa, wb = (v.text.split(",")[0].lower().split() for v in (a, b))
    # the word before the surname: "Police Chief Mara Quinn" is Mara Quinn
    return wa[-1] != wb[-1] or (len(wa) > 1 and len(wb) > 1 and wa[-2] != wb[-2])


# a comparison's verdict: the thing matched what it is compared with, or differed from it ("the
# fibres were consistent with the jacket found in the river" / "the fibres were entirely different
# from the jacket the divers recovered"); the reference is the first content word after the
# comparison's preposition
_SAME_AS = re.compile(
    r"\b(?P<w>consistent|compatible|in\s+line|identical|similar)\s+(?:with|to)\b"
    r"|\b(?P<w2>match(?:es|ed)?)\b",
    re.IGNORECASE,
)
_DIFFERENT = re.compile(
    r"\b(?P<w>inconsistent|incompatible|different|dissimilar)\s+(?:\w+\s+){0,2}?(?:with|to|than|from)\b"
    r"|\b(?P<w2>unlike|contradict(?:s|ed)?)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"[,;:.!?—()]|\s(?:when|whether|as|because|while|if|after|before|but|and|which|who)\s", re.IGNORECASE
)
_NOT_BEFORE = re.compile(r"\b(?:not|no|never|n[’']t)\s+(?:\w+\s+)?$", re.IGNORECASE)


_COMPARED_FROM = re.compile(
    r"[,;:]|\b(?:that|said|says|say|found|finds|showed|shows|concluded|concludes|according\s+to)\b",
    re.IGNORECASE,
)


def _verdict(text: str) -> tuple[str, str, set[str], set[str]] | None:
    """The comparison a sentence draws, if it draws one: ("same" | "different", the words as written,
    the content stems of what is compared, of what it is compared with: the next six words)."""
    found = []
    for kind, pattern in (("same", _SAME_AS), ("different", _DIFFERENT)):
        for m in pattern.finditer(text):
            negated = _NOT_BEFORE.search(text, max(0, m.start() - 20), m.start()) is not None
            found.append(
                (m.start(), m.end(), ("different" if kind == "same" else "same") if negated else kind)
            )
    if len(found) != 1:
        return None  # no comparison, or several: which verdict is whose cannot be told
    start, end, kind = found[0]
    # what it is compared with is named by its head, the first content word after the verdict: "a
    # fall from the balcony" and "a stabbing on the balcony" are two things, whatever they share
    reference = set(content_stems(" ".join(text[end:].split()[:6]))[:1])
    # shown with what it is compared with, to the clause's end: "consistent with the jacket found"
    after = _CLAUSE_END.split(text[end:], maxsplit=1)[0].split()[:6]
    while after and after[-1].lower() in STOPWORDS:
        after.pop()
    shown = " ".join([*text[start:end].split(), *after])
    # what is compared is the clause the verdict ends, not who said or found it: "investigators
    # said the blood on the jacket matched" compares the blood
    compared = _COMPARED_FROM.split(text[:start])[-1]
    return kind, shown, set(content_stems(compared)), reference


def _verdicts(ctx: StoryContext, al: Alignment) -> list[_Found]:
    """Opposite verdicts of one comparison by two outlets: one finds a thing consistent with (or
    matching) what it is compared with, the other different from it. One comparison: the two
    sentences share two content words of what is compared (the clause the verdict ends) and name
    what it is compared with by one head word.
    """
    told = [
        ((n, i), v)
        for n, d in enumerate(ctx.docs)
        for i in range(len(d.sentences))
        if (v := _verdict(d.text(i))) is not None and v[2] and v[3]
    ]
    out: list[_Found] = []
    for k, (ra, (kind_a, said_a, what_a, ref_a)) in enumerate(told):
        for rb, (kind_b, said_b, what_b, ref_b) in told[k + 1 :]:
            if al.key(ra[0]) == al.key(rb[0]) or kind_a == kind_b:
                continue
            if len(what_a & what_b) < 2 or not ref_a & ref_b:
                continue
            link = Link(ra, rb, 1.0, 0.0, 0.0, "related", True)
            # one side per wording of a verdict ("different from the jacket" in two outlets
            # is one side); a sentence is one side of every pair it is in, so they group as one
            ka, kb = f"{kind_a}:{said_a.lower()}", f"{kind_b}:{said_b.lower()}"
            out.append((0.9, link, "verdict", said_a, said_b, ka, kb))
    return out


def _many(values: Sequence[Value], slot: tuple[str, str]) -> int:
    return sum(v.slot == slot for v in values)


def _shown(v: Value) -> str:
    return v.text


def _values(ctx: StoryContext, ref: Ref, bases: Sequence[date | None]) -> list[Value]:
    """The sentence's values; a count only when its noun is the head ("5 burn victims" counts
    victims, not burns: the tagger says whether a noun follows)."""
    n, _ = ref
    out = []
    for v in sentence_values(ctx.docs, *ref, bases[n]):
        if v.slot[0] == "count":
            after = ctx.tokens_between(n, v.end, v.end + 40)
            if after and after[0].tag in ("NN", "NNS", "NNP", "NNPS"):
                continue
        out.append(v)
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
