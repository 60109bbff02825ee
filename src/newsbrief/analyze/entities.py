"""People, organizations and places of a story, merged across spellings, forms and outlets.

Order: recognize (spaCy NER) → normalize each surface to a key (case, hyphens, dots, middle
initials and possessives do not count: "Kim Kye-gwan" = "Kim Kye Gwan", "Donald J. Trump" =
"Donald Trump", "U.S." = "US") → join full names that share first and last word → attach a bare
name ("Trump") to the one full name it is part of; when several full names fit ("Kim"), use the one
named in the same article if it is the only one there, and otherwise keep the bare name as its own
entity that lists its candidates (never a guess) → join acronyms to their long forms (defined in the
text, or whose initials match exactly one long form) → find the titles outlets give each person
(pre-name titles, appositions, "X is a ...") → count mentions per outlet.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.analyze.context import StoryContext, Token
from newsbrief.model import Citation, Entity, Mention

KINDS = ("PERSON", "ORG", "GPE", "LOC", "FAC")
_KIND_RANK = {k: i for i, k in enumerate(KINDS)}
_SPLIT = re.compile(r"[\s\-‐‑–]+")
_POSSESSIVE = ("'s", "’s", "'", "’")
# Nouns that name a role. A lower-case noun right before a name is a title when it is one of these or
# has an agent ending ("negotiator", "economist"); a capitalized one must be one of these.
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "minister",
        "premier",
        "secretary",
        "director",
        "adviser",
        "advisor",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "governor",
        "gov",
        "mayor",
        "general",
        "gen",
        "admiral",
        "colonel",
        "col",
        "commander",
        "chief",
        "ceo",
        "cfo",
        "coo",
        "officer",
        "official",
        "judge",
        "justice",
        "prosecutor",
        "attorney",
        "lawyer",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "envoy",
        "negotiator",
        "chancellor",
        "dr",
        "professor",
        "prof",
        "coach",
        "manager",
        "founder",
        "cofounder",
        "analyst",
        "correspondent",
        "editor",
        "reporter",
        "head",
        "deputy",
        "lieutenant",
        "lt",
        "sergeant",
        "sgt",
        "captain",
        "capt",
        "inspector",
        "commissioner",
        "superintendent",
        "sheriff",
        "detective",
        "speaker",
        "aide",
        "fellow",
        "member",
        "chairperson",
        "executive",
        "economist",
        "scientist",
        "researcher",
        "expert",
        "diplomat",
        "dictator",
        "ruler",
        "emperor",
        "counsel",
        "strategist",
        "candidate",
        "nominee",
        "lawmaker",
        "legislator",
        "delegate",
        "consul",
        "consultant",
        "undersecretary",
        "administrator",
        "principal",
        "dean",
        "rector",
        "bishop",
        "archbishop",
        "cardinal",
        "rabbi",
        "imam",
        "pastor",
        "president-elect",
        "sultan",
        "sheikh",
        "emir",
        "mr",
        "mrs",
        "ms",
    ]
)
_AGENT_SUFFIX = ("er", "or", "ist", "ian", "ent", "ant", "man", "woman", "ee")
_FORMER = re.compile(r"\b(former|formerly|ex|previously|onetime|one-time|late|then)\b", re.IGNORECASE)
_PREP = frozenset(["of", "for", "at", "in", "with", "to", "on", "from", "by", "under", "over"])
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_COPULA = re.compile(r"^\s+(?:is|was|has been|had been)\s+(?:also\s+|now\s+|still\s+)?(?:a|an|the)\s+")
_APPOS = re.compile(r"^\s*,\s+")
_STOP_PHRASE = re.compile(r"\s*(?:,|;|:|—|–|\(|\)|\[|\]|“|”|\"|\.(?=\s|$)|\s(?:who|which|that|whose)\b)")
_ACRONYM_DEF = re.compile(
    r"\b(?:The\s+|the\s+)?(?P<acr>[A-Z][A-Z.&]{1,9})\s+(?:stands|stood)\s+for\s+(?:the\s+)?"
    r"(?P<long>[A-Z][\w’'.-]*(?:\s+(?:of|for|and|the|on|de|du|la)?\s*[A-Z][\w’'.-]*)*)"
)
_PAREN_ACR = re.compile(
    r"(?P<long>[A-Z][\w’'.-]*(?:\s+(?:of|for|and|the|on|de)?\s*[A-Z][\w’'.-]*)+)\s+\((?P<acr>[A-Z][A-Z.&]{1,9})\)"
)
_HEADLINE_VERBS = frozenset({"Says", "Said", "Tells", "Told", "Warns", "Asks", "Urges", "Vows", "Denies"})
_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "de", "du", "la", "&"})


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """One mention of a merged entity: where it is, and which entity it resolved to."""

    doc: int
    start: int
    end: int
    entity: str  # the merged entity's name
    kind: str
    possessive: bool = False
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class TitleMention:
    """A title or role an outlet gives an entity, with the span that says it."""

    entity: str
    title: str
    head: str
    doc: int
    start: int
    end: int
    former: bool


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
class _Raw:
    doc: int
    start: int
    end: int
    surface: str
    label: str
    possessive: bool


def surface_key(surface: str, *, person: bool = False) -> tuple[str, ...]:
    """The comparison key of a name: lower case, no hyphens, dots or possessive; initials dropped
    from person names of three or more words ("Donald J. Trump" → ("donald", "trump"))."""
    s = surface.replace("’", "'")
    if s.endswith("'s"):
        s = s[:-2]
    s = re.sub(r"^(?:the)\s+", "", s, flags=re.IGNORECASE)
    parts = [p.strip(".,'\"") for p in _SPLIT.split(s)]
    parts = [p.replace(".", "").lower() for p in parts if p.replace(".", "")]
    if person and len(parts) > 2:
        parts = [p for i, p in enumerate(parts) if len(p) > 1 or i in (0, len(parts) - 1)]
    return tuple(parts)


def _clean_span(text: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """Trim a recognized span to the name itself; ``None`` when it is not a usable name."""
    surface = text[start:end]
    lead = re.match(r"(?:the\s+|The\s+)?[\"“‘'(\[]*", surface)
    if lead:
        start += lead.end()
    possessive = False
    hyphenated = re.match(r"-[a-z]+\b", text[end : end + 12])  # "Moon Jae" + "-in"
    if hyphenated:
        end += hyphenated.end()
    while end > start and text[end - 1] in "\"”’'),.;:]":
        if text[end - 2 : end] in ("'s", "’s"):
            break
        if text[end - 1] == "." and not text[end - 2 : end - 1].islower():
            break  # "U.S." keeps its dot
        end -= 1
    words = text[start:end].split()
    if len(words) > 1 and words[-1] in _HEADLINE_VERBS:  # "Trump Tells" in a headline
        end = start + len(" ".join(words[:-1]))
    if text[end - 2 : end] in ("'s", "’s"):
        end -= 2
        possessive = True
    elif text[end : end + 2] in ("'s", "’s") or (text[end : end + 1] in ("'", "’") and text[end - 1] == "s"):
        possessive = True
    surface = text[start:end]
    words = surface.split()
    if not words or len(words) > 6 or len(surface) < 2 or "\n" in surface:
        return None
    if any(ch.isdigit() for ch in surface) or not surface[0].isupper():
        return None
    return start, end, possessive


def _initials(key: tuple[str, ...], surface: str) -> str:
    words = [w for w in _SPLIT.split(surface.replace("’", "'")) if w]
    return "".join(w[0].lower() for w in words if w.lower() not in _CONNECTORS and w[0].isupper())


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def extract_entities(docs: Sequence[object] | StoryContext) -> tuple[Entity, ...]:
    """The story's merged people, organizations and places, most mentioned first."""
    from newsbrief.analyze.context import parse

    ctx = docs if isinstance(docs, StoryContext) else parse(docs)  # type: ignore[arg-type]
    return build_index(ctx).entities


def build_index(ctx: StoryContext) -> EntityIndex:
    """Merge the recognizer's spans into entities (see the module docstring for the order)."""
    raws = _collect(ctx)
    raws += _acronym_definitions(ctx, raws)
    # 1. one group per surface key, whatever the label
    keys: list[tuple[str, ...]] = []
    key_id: dict[tuple[str, ...], int] = {}
    labels: list[Counter[str]] = []
    members: list[list[_Raw]] = []
    for r in raws:
        k = surface_key(r.surface, person=r.label == "PERSON")
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

    uf = _UnionFind()
    for g in range(len(keys)):
        uf.find(g)
    # 2. full person names sharing first and last word ("Donald Trump" / "Donald John Trump")
    full = [g for g in range(len(keys)) if kind[g] == "PERSON" and len(keys[g]) >= 2]
    by_ends: dict[tuple[str, str], int] = {}
    for g in full:
        ends = (keys[g][0], keys[g][-1])
        if ends in by_ends:
            uf.union(by_ends[ends], g)
        else:
            by_ends[ends] = g
    # 3. acronyms: defined in the text, or initials matching exactly one long form
    defined: dict[tuple[str, ...], tuple[str, ...]] = {}
    for acr, long in _defined_pairs(ctx):
        a, lg = key_id.get(acr), key_id.get(long)
        if a is not None and lg is not None:
            uf.union(a, lg)
            defined[acr] = long
    long_forms: dict[str, list[int]] = defaultdict(list)
    for g in range(len(keys)):
        if kind[g] != "PERSON" and len(keys[g]) >= 2:
            surface = members[g][0].surface
            long_forms[_initials(keys[g], surface)].append(g)
    for g in range(len(keys)):
        surface = members[g][0].surface.replace(".", "")
        if len(keys[g]) == 1 and kind[g] != "PERSON" and surface.isupper() and keys[g] not in defined:
            fits = long_forms.get(keys[g][0], [])
            if len({uf.find(x) for x in fits}) == 1:
                uf.union(g, fits[0])

    # 4. bare person names: attach, resolve per article, or keep as ambiguous. A surname is the last
    # word of a full name ("Trump"), or the first where no full name ends in it ("Kim", "Moon").
    by_last: dict[str, set[int]] = defaultdict(set)
    by_first: dict[str, set[int]] = defaultdict(set)
    for g in full:
        by_first[keys[g][0]].add(uf.find(g))
        by_last[keys[g][-1]].add(uf.find(g))
    bare_resolution: dict[tuple[int, int], int] = {}  # (key group, doc) → person root
    ambiguous: dict[int, tuple[int, ...]] = {}  # key group → candidate roots
    full_in_doc: dict[int, set[int]] = defaultdict(set)
    for g in full:
        for r in members[g]:
            full_in_doc[r.doc].add(uf.find(g))
    for g in range(len(keys)):
        if len(keys[g]) != 1 or not (labels[g]["PERSON"] or labels[g]["ORG"]):
            continue
        if members[g][0].surface.replace(".", "").isupper():
            continue  # an acronym ("UN") is not a surname ("Kim Jong Un")
        cands = by_last.get(keys[g][0]) or by_first.get(keys[g][0], set())
        if not cands:
            continue
        if len(cands) == 1:
            uf.union(g, next(iter(cands)))
            kind[g] = "PERSON"
            continue
        kind[g] = "PERSON"
        ambiguous[g] = tuple(sorted(cands))
        for d in {r.doc for r in members[g]}:
            here = cands & full_in_doc[d]
            if len(here) == 1:
                bare_resolution[(g, d)] = next(iter(here))

    # 5. assign every raw mention to a cluster id (a root, or ("bare", g) for unresolved bare names)
    assigned: list[tuple[_Raw, tuple[str, int], int]] = []
    for g in range(len(keys)):
        for r in members[g]:
            if g in ambiguous:
                root = bare_resolution.get((g, r.doc))
                cid = ("e", uf.find(root)) if root is not None else ("bare", g)
            else:
                cid = ("e", uf.find(g))
            assigned.append((r, cid, g))

    clusters: dict[tuple[str, int], list[tuple[_Raw, int]]] = defaultdict(list)
    for r, cid, g in assigned:
        clusters[cid].append((r, g))

    names: dict[tuple[str, int], str] = {}
    kinds: dict[tuple[str, int], str] = {}
    for cid, items in clusters.items():
        groups = {g for _, g in items}
        kinds[cid] = min(
            (kind[g] for g in groups), key=lambda k: (-sum(kind[x] == k for x in groups), _KIND_RANK[k])
        )
        names[cid] = _pick_name(items, keys, ctx)
    # names must be unique across clusters
    seen: dict[str, tuple[str, int]] = {}
    for cid in sorted(clusters, key=lambda c: (-len(clusters[c]), c)):
        n = names[cid]
        if n in seen:
            names[cid] = f"{n} ({kinds[cid]})" if kinds[seen[n]] != kinds[cid] else f"{n} [{cid[1]}]"
        seen.setdefault(names[cid], cid)

    spans: list[list[MentionSpan]] = [[] for _ in ctx.docs]
    for cid, items in clusters.items():
        for r, _ in items:
            spans[r.doc].append(
                MentionSpan(r.doc, r.start, r.end, names[cid], kinds[cid], r.possessive, cid[0] == "bare")
            )
    for s in spans:
        s.sort(key=lambda m: (m.start, m.end))

    titles = _titles(ctx, spans)
    titles_of: dict[str, list[TitleMention]] = defaultdict(list)
    for t in titles:
        titles_of[t.entity].append(t)

    entities: list[Entity] = []
    for cid, items in clusters.items():
        name = names[cid]
        per_outlet: Counter[str] = Counter(ctx.docs[r.doc].article.outlet for r, _ in items)
        citations = sorted(
            {ctx.cite(r.doc, r.start, r.end) for r, _ in items},
            key=lambda c: (_doc_order(ctx, c), c.start),
        )
        aliases = sorted({_display(r.surface) for r, _ in items} - {name})
        candidates: tuple[str, ...] = ()
        if cid[0] == "bare":
            candidates = tuple(
                sorted({names[("e", root)] for root in ambiguous[cid[1]] if ("e", root) in names})
            )
        entities.append(
            Entity(
                name=name,
                kind=kinds[cid],
                aliases=tuple(aliases),
                titles=_unique_titles(titles_of.get(name, [])),
                mentions=tuple(Mention(o, n) for o, n in sorted(per_outlet.items())),
                citations=tuple(citations),
                candidates=candidates,
            )
        )
    entities.sort(key=lambda e: (-sum(m.count for m in e.mentions), e.name))
    return EntityIndex(tuple(entities), tuple(tuple(s) for s in spans), tuple(titles))


def _doc_order(ctx: StoryContext, c: Citation) -> int:
    for i, d in enumerate(ctx.docs):
        if d.article.id == c.article_id:
            return i
    return len(ctx.docs)


def _display(surface: str) -> str:
    return " ".join(surface.split())


def _pick_name(items: list[tuple[_Raw, int]], keys: list[tuple[str, ...]], ctx: StoryContext) -> str:
    """The most used of the longest forms (a long form beats its acronym, a full name its surname)."""
    longest = max(len(keys[g]) for _, g in items)
    forms: Counter[str] = Counter(_display(r.surface) for r, g in items if len(keys[g]) == longest)
    acronymish = [f for f in forms if f.replace(".", "").isupper()]
    if len(acronymish) < len(forms):
        for f in acronymish:
            del forms[f]
    return min(forms, key=lambda f: (-forms[f], len(f), f))


def _collect(ctx: StoryContext) -> list[_Raw]:
    raws: list[_Raw] = []
    for n, p in enumerate(ctx.parsed):
        text = ctx.docs[n].article.text
        for e in p.ents:
            if e.label not in KINDS:
                continue
            cleaned = _clean_span(text, e.start, e.end)
            if cleaned is None:
                continue
            s, t, poss = cleaned
            raws.append(_Raw(n, s, t, text[s:t], e.label, poss))
    return raws


def _defined_pairs(ctx: StoryContext) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    pairs = []
    for d in ctx.docs:
        for m in _ACRONYM_DEF.finditer(d.article.text):
            pairs.append((surface_key(m["acr"]), surface_key(m["long"])))
        for m in _PAREN_ACR.finditer(d.article.text):
            long = m["long"]
            acr = m["acr"].replace(".", "").lower()
            init = _initials(surface_key(long), long)
            if init.endswith(acr):  # "the Korean Central News Agency (KCNA)"
                words = long.split()
                keep = len(words)
                while keep > 0 and _initials((), " ".join(words[len(words) - keep :])) != acr:
                    keep -= 1
                if keep:
                    pairs.append((surface_key(m["acr"]), surface_key(" ".join(words[len(words) - keep :]))))
    return pairs


def _acronym_definitions(ctx: StoryContext, raws: list[_Raw]) -> list[_Raw]:
    """Mentions for the two sides of "X stands for Y" that the recognizer missed."""
    covered = {(r.doc, r.start) for r in raws}
    extra: list[_Raw] = []
    for n, d in enumerate(ctx.docs):
        for m in _ACRONYM_DEF.finditer(d.article.text):
            for part, label in (("acr", "ORG"), ("long", "GPE")):
                s, e = m.start(part), m.end(part)
                if not any(r.doc == n and r.start <= s < r.end for r in raws) and (n, s) not in covered:
                    extra.append(_Raw(n, s, e, d.article.text[s:e], label, False))
    # the long form inherits the label the recognizer gave the acronym, when it gave one
    return extra


def _title_head(title: str) -> str:
    words = [w.strip(".,").lower() for w in title.split()]
    head = ""
    for w in words:
        if w in _PREP:
            break
        head = w
    return head.replace(".", "")


def _titleish(tok: Token, *, loose: bool = False) -> bool:
    """A role noun. ``loose`` also accepts agent nouns ("economist"), safe only in appositions."""
    word = tok.text.lower().strip(".")
    if word in TITLE_WORDS:
        return True
    return loose and tok.text[:1].islower() and tok.tag in ("NN", "NNS") and word.endswith(_AGENT_SUFFIX)


def _titles(ctx: StoryContext, spans: list[list[MentionSpan]]) -> list[TitleMention]:
    out: list[TitleMention] = []
    for n, doc_spans in enumerate(spans):
        text = ctx.docs[n].article.text
        persons = [m for m in doc_spans if m.kind == "PERSON"]
        person_starts = {m.start for m in persons}
        for m in persons:
            if m.ambiguous:
                continue
            sent = ctx.docs[n].sentences[ctx.sentence_at(n, m.start)]
            found = _pre_title(ctx, n, m, sent.start, person_starts)
            if found is None and not m.possessive:
                found = _post_title(ctx, n, m, sent.end, text, doc_spans)
            if found is not None:
                s, e = found
                title = _display(text[s:e])
                head = _title_head(title)
                if head:
                    out.append(TitleMention(m.entity, title, head, n, s, e, bool(_FORMER.search(title))))
    return out


def _pre_title(
    ctx: StoryContext, n: int, m: MentionSpan, sent_start: int, person_starts: set[int]
) -> tuple[int, int] | None:
    """ "North Korean leader Kim Jong Un", "U.S. President Donald Trump": a title right before the name."""
    before = ctx.tokens_between(n, sent_start, m.start)
    run: list[Token] = []
    for tok in reversed(before):
        if len(run) >= 7 or tok.start in person_starts:
            break
        if tok.tag in ("NN", "NNS", "NNP", "NNPS", "JJ", "HYPH") or (
            tok.tag == "RB" and tok.text.lower() == "former"
        ):
            run.insert(0, tok)
            continue
        break
    while run and run[0].tag == "HYPH":
        run.pop(0)
    if not run or not _titleish(run[-1]):
        return None
    return run[0].start, run[-1].end


def _post_title(
    ctx: StoryContext, n: int, m: MentionSpan, sent_end: int, text: str, doc_spans: list[MentionSpan]
) -> tuple[int, int] | None:
    """ "Kim Kye Gwan, a senior North Korean official," or "Kim Kye Gwan is a senior ... official"."""
    rest = text[m.end : sent_end]
    lead = _APPOS.match(rest) or _COPULA.match(rest)
    if not lead:
        return None
    start = m.end + lead.end()
    stop = _STOP_PHRASE.search(text, start, sent_end)
    end = stop.start() if stop else sent_end
    toks = ctx.tokens_between(n, start, end)
    while toks and toks[0].tag in ("DT", "PRP$"):
        toks = toks[1:]
    if not toks or len(toks) > 14:
        return None
    first = toks[0]
    if first.tag not in ("JJ", "JJS", "NN", "NNS", "NNP", "NNPS", "VBN", "CD") and not _FORMER.fullmatch(
        first.text
    ):
        return None
    if any(t.tag in _FINITE for t in toks):
        return None
    covered = [s for s in doc_spans if s.start < toks[-1].end and s.end > toks[0].start]
    if any(s.kind == "PERSON" for s in covered):
        return None
    words_before_prep: list[Token] = []
    for t in toks:
        if t.text.lower() in _PREP:
            break
        words_before_prep.append(t)
    if not words_before_prep:
        return None
    head = words_before_prep[-1]
    if not (_titleish(head, loose=True) or (head.tag in ("NN", "NNS") and head.text[:1].islower())):
        return None
    return toks[0].start, toks[-1].end


def _unique_titles(titles: list[TitleMention]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for t in sorted(titles, key=lambda t: (t.doc, t.start)):
        key = " ".join(t.title.lower().replace(".", "").split())
        seen.setdefault(key, t.title)
    return tuple(seen.values())
