"""Name mentions of a story: the recognizer's spans, cleaned, plus the mentions it missed.

Cleaning, per span: photo credits split off and dropped ("AP Photo/Dana Whitfield"); leading titles
moved out of the name ("Councillor Amara Okafor" → "Amara Okafor", which also makes a titled span
the recognizer called an organisation a person); "Varela of Millport" cut at "of"; "NYPD’s Harbor
Unit" split after the acronym; junk dropped: bare compass words ("North"), a product read as a person
("a Ford Fiesta", "the Fiesta hatchback"), and hyphenated pairs of places ("U.S.-North Korea"), which
become one mention of each place. A name may hold a capitalized letter-and-digit word ("TV9", "G7"),
never a number ("Saab 900"); a span holding one is an organisation, not a person.

Then ``propagate`` finds the missed mentions: every other capitalized occurrence of a person's
surname, of a given name in an article that names the person in full, of a known acronym, and of
every name of two words or more ("one sense per discourse"; the recognizer often tags "Ashby" as a
place, or nothing, after tagging "Wes Ashby" a person).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsbrief.analyze.context import StoryContext, Token
from newsbrief.analyze.names import (
    COMPASS,
    DEGREE,
    DESIGNATORS,
    HONORIFICS,
    PERSON_TITLES,
    name_key,
    place_of,
    title_words,
)
from newsbrief.text import content_start

KINDS = ("PERSON", "ORG", "GPE", "LOC", "FAC")
_POSSESSIVE = ("'s", "’s")
_HEADLINE_VERBS = frozenset({"Says", "Said", "Tells", "Told", "Warns", "Asks", "Urges", "Vows", "Denies"})
_CREDIT = frozenset(["photo", "photos", "images", "image", "pictures", "via", "file", "courtesy", "credit"])
# Last words that make a name an institution or a place, never a person ("Ellis Brook High School").
INSTITUTION = frozenset(
    [
        "school",
        "university",
        "college",
        "academy",
        "hospital",
        "hotel",
        "church",
        "cathedral",
        "museum",
        "company",
        "association",
        "institute",
        "center",
        "centre",
        "department",
        "agency",
        "bureau",
        "council",
        "committee",
        "foundation",
        "club",
        "society",
        "news",
        "newspaper",
        "newspapers",
        "magazine",
        "team",
        "inc",
        "corp",
        "ltd",
        "llc",
        "airport",
        "station",
        "park",
        "street",
        "road",
        "avenue",
    ]
)
# A name right after these is a thing someone has, not someone ("his Fiesta", "a Ford Focus").
_OWNER = frozenset(["a", "an", "his", "her", "their", "my", "our", "your", "its"])
_PRODUCT_NEXT = re.compile(
    r"^\s*(?:sedan|suv|truck|pickup|car|coupe|hatchback|minivan|van|model|motorcycle|phone|smartphone|"
    r"tablet|laptop|console|jet|aircraft|plane)s?\b",
    re.IGNORECASE,
)
_TAILS = frozenset(["university", "college", "hotel", "news", "school", "hospital", "foods"])
_FACILITY = "Warehouse|Plant|Factory|Store|Building|Headquarters|Offices?|Campus|Facility"
_WORD_START = re.compile(r"(?<![\w’'@#.-])[A-Z]")
_NOT_END = re.compile(r"[\w-]|\.\w")
_PLACE_PREP = frozenset(["in", "at", "from", "near", "outside", "across", "into"])


@dataclass
class Raw:
    """One name mention before merging: where it is, its text, the recognizer's label."""

    doc: int
    start: int
    end: int
    surface: str
    label: str
    possessive: bool


def clean_span(text: str, start: int, end: int) -> tuple[int, int, bool] | None:
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
        if text[end - 2 : end] in _POSSESSIVE:
            break
        if text[end - 1] == "." and not text[end - 2 : end - 1].islower():
            break  # "U.S." keeps its dot
        end -= 1
    words = text[start:end].split()
    if len(words) > 1 and words[-1] in _HEADLINE_VERBS:  # "Trump Tells" in a headline
        end = start + len(" ".join(words[:-1]))
    if text[end - 2 : end] in _POSSESSIVE:
        end -= 2
        possessive = True
    elif text[end : end + 2] in _POSSESSIVE or (text[end : end + 1] in ("'", "’") and text[end - 1] == "s"):
        possessive = True
    surface = text[start:end]
    words = surface.split()
    if not words or len(words) > 8 or len(surface) < 2 or "\n" in surface:
        return None
    if any(_numeric(w) for w in words) or not surface[0].isupper():
        return None
    return start, end, possessive


def _numeric(word: str) -> bool:
    """A word with a digit that is not a capitalized letter-and-digit name ("TV9", "G7", "COVID-19"
    are names; "2008", "11" and "1990s" are numbers, which no name of ours starts or holds)."""
    if not any(ch.isdigit() for ch in word):
        return False
    return not (word[0].isupper() and any(ch.isalpha() for ch in word))


def _parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The pieces of a span separated by "/": credit pieces ("AP Photo", "Via") and the photographer
    right after a "Photo" piece are dropped; a piece that joins two single names with "&" is left to
    ``propagate`` (it cannot tell which kind of name each is)."""
    pieces: list[tuple[int, int]] = []
    at = start
    for m in re.finditer(r"\s*/\s*", text[start:end]):
        pieces.append((at, start + m.start()))
        at = start + m.end()
    pieces.append((at, end))
    after_credit = False
    for s, e in pieces:
        words = [w.strip(".,()").lower() for w in text[s:e].split()]
        credit = any(w in _CREDIT for w in words)
        if not credit and not after_credit and not re.fullmatch(r"\S+\s+&\s+\S+", text[s:e].strip()):
            yield s, e
        after_credit = credit and any(w in ("photo", "photos", "images", "pictures") for w in words)


def _retitle(text: str, start: int, end: int, label: str) -> tuple[int, str]:
    """Move leading titles out of a name; a titled organisation span that is a name is a person."""
    words = text[start:end].split()
    if label != "PERSON":
        first = words[0].strip(".,").lower()
        rest = [w.strip(".,").lower() for w in words[1:]]
        looks_named = 1 <= len(rest) <= 3 and all(w[:1].isupper() for w in words[1:])
        plain = not any(w in DESIGNATORS or w in INSTITUTION for w in rest)
        enough = len(rest) >= (1 if first in HONORIFICS else 2)
        if not (first in PERSON_TITLES and looks_named and plain and enough):
            return start, label
        label = "PERSON"
    n = title_words(words)
    if n == 0:
        return start, label
    m = re.match(rf"(?:\S+\s+){{{n}}}", text[start:end])
    return (start + m.end() if m else start), label


def _product(text: str, start: int, end: int) -> bool:
    """A name the text shows to be a thing: "a Fiesta", "his Tesla Model S", "the Focus hatchback"."""
    before = re.search(
        r"(\w+)\s+(?:[A-Z][\w-]*\s+){0,2}$", text[max(0, start - 40) : start]
    )  # "a Ford Fiesta"
    if before and before.group(1).lower() in _OWNER:
        return True
    return bool(_PRODUCT_NEXT.match(text[end : end + 14]))


def _place_pair(ctx: StoryContext, n: int, start: int, end: int) -> list[tuple[int, int]] | None:
    """The two places of "U.S.-North Korea" (a hyphen joining two listed places), else ``None``."""
    text = ctx.docs[n].article.text
    m = re.fullmatch(r"(.+?)[-‐‑–](.+)", text[start:end])
    if not m or " " in m.group(1)[-1:] or place_of(text[start:end]) is not None:
        return None
    if place_of(m.group(1)) is None or place_of(m.group(2)) is None:
        return None
    return [(start + m.start(1), start + m.end(1)), (start + m.start(2), start + m.end(2))]


def collect(ctx: StoryContext) -> list[Raw]:
    """The recognizer's person, organisation and place spans of every article, cleaned."""
    raws: list[Raw] = []
    for n, p in enumerate(ctx.parsed):
        text = ctx.docs[n].article.text
        for e in p.ents:
            if e.label not in KINDS:
                continue
            for s0, e0 in _parts(text, e.start, e.end):
                raws.extend(_clean(ctx, n, s0, e0, e.label))
    return raws


def _extend(ctx: StoryContext, n: int, start: int, end: int) -> tuple[int, int]:
    """Grow a span the recognizer cut short: a bare generic head takes the capitalized name before
    it ("Kestrel" + "Road"); a span ending in a connector or an abbreviation takes the capitalized
    words after it ("Chapel of St." + "Agnes"); a span cut after a hyphen takes the capitalised
    word glued before it ("Obi-" + "Wan Kenobi")."""
    text = ctx.docs[n].article.text
    words = text[start:end].split()
    if words and words[0].lower() in INSTITUTION and len(words) <= 2:
        before = ctx.tokens_between(n, max(0, start - 40), start)
        while before and before[-1].tag in ("NNP", "NNPS") and before[-1].text[:1].isupper():
            if (
                before[-1].text.lower().strip(".") in PERSON_TITLES
                or before[-1].start in ctx.parsed[n].sentence_starts
            ):
                break
            start = before[-1].start
            before = before[:-1]
    # a hyphenated name cut after its hyphen ("Obi-" + "Wan Kenobi"): the word before the hyphen,
    # capitalised and glued to it, is the name's first part
    glued = re.search(r"(?<![\w’'-])[A-Z][a-z]+-$", text[max(0, start - 20) : start])
    if glued and text[start : start + 1].isupper():
        start -= len(glued.group(0))
    grown = False
    while True:
        words = text[start:end].split()
        last = words[-1] if words else ""
        open_end = last.lower() in ("the", "of", "and", "st.", "mt.", "ft.")
        nxt = re.match(r"\s+((?:the\s+|of\s+)?[A-Z][\w’'-]*)", text[end : end + 40])
        if not nxt or not (open_end or (grown and re.match(r"\s+(?:the|of)\s", nxt.group(0)))):
            break
        end += nxt.end()
        grown = True
    return start, end


def _clean(ctx: StoryContext, n: int, start: int, end: int, label: str) -> list[Raw]:
    text = ctx.docs[n].article.text
    start, end = _extend(ctx, n, start, end)
    cleaned = clean_span(text, start, end)
    if cleaned is None:
        return []
    s, t, poss = cleaned
    acr = re.match(r"([A-Z][\w.&-]+)[’']s\s+(?=[A-Z])", text[s:t])
    if acr:  # "NYPD’s Harbor Unit", "Okafor’s Jaguar": the owner, then what is owned
        head = Raw(n, s, s + acr.end(1), acr.group(1), label, True)
        return [head, *_clean(ctx, n, s + acr.end(), t, label)]
    s, label = _retitle(text, s, t, label)
    if label == "PERSON" and t <= content_start(text):
        return []  # "ULAN BATOR (Steppe News Agency) -": a wire dateline names where, never who
    if label == "PERSON" and text[s:t].strip(".,").lower() in ("emeritus", "emerita"):
        return []  # "Professor Emeritus at Harvard": the title's tail, no name left
    if label == "PERSON" and _state_after_town(text, s, t):
        label = "GPE"  # "in Limestone, Ma. In a phone interview": the town's state, no person
    elif label in ("GPE", "LOC", "ORG") and _aged(text, s, t):
        label = "PERSON"  # "Dara Pemberly, 16, a student": a person and her age
    if label == "PERSON" and any(ch.isdigit() for ch in text[s:t]):
        label = "ORG"  # "TV9 Northland": a broadcaster, a team or a brand, never a person's name
    inner = re.match(rf"(.+?\b(?:Inc|Co|Company|Corp|Corporation|Ltd)\.?)\s+(?:{_FACILITY})$", text[s:t])
    if inner:  # "Halvorsen Company Warehouse": the company's warehouse
        t = s + inner.end(1)
    if label == "PERSON":
        toks = ctx.tokens_between(n, s, t)
        while len(toks) > 1 and toks[0].tag[:2] in ("VB", "RB", "IN", "DT"):  # "Christened Maren"
            toks = toks[1:]
            s = toks[0].start
        if len(toks) > 1 and s in ctx.parsed[n].sentence_starts and _participle_opening(ctx, n, toks, t):
            toks = toks[1:]  # "Describing Li's visit …, Jasray said": the clause's verb, then the name
            s = toks[0].start
        if toks[-1].tag == "VBN" and re.match(r"\s+[Bb]y\b", text[t:]):
            # "Story Filed By Cox Newspapers": a credit line, a thing and the participle of its
            # making before "by", no name (the tagger reads "Filed" as a verb even capitalised)
            return []
        if len(toks) == 1 and toks[0].tag == "NNS" and s in ctx.parsed[n].sentence_starts:
            # "Schools will reopen on Thursday": a plural common noun, capitalised only because it
            # opens the sentence (a surname the tagger reads as a proper noun, NNP)
            return []
        cut = re.search(r"\s+(?:of|from|in)\s+", text[s:t])
        if cut:  # "Varela of Millport": the person, then the place
            place = Raw(n, s + cut.end(), t, text[s + cut.end() : t], "GPE", poss)
            person = _clean(ctx, n, s, s + cut.start(), "PERSON")
            return person + ([place] if place.surface[:1].isupper() else [])
        last = text[s:t].split()[-1].strip(".,").lower()
        if last in INSTITUTION:
            label = "ORG"
        elif _product(text, s, t):
            return []
    key = name_key(text[s:t])
    if not key or (len(key) == 1 and key[0] in COMPASS) or DEGREE.fullmatch(text[s:t]):
        return []  # "Ruth Alder, M.D.": a degree, no place
    pair = _place_pair(ctx, n, s, t)
    if pair is not None:
        return [Raw(n, a, b, text[a:b], "GPE", False) for a, b in pair]
    return [Raw(n, s, t, text[s:t], label, poss)]


def _state_after_town(text: str, s: int, t: int) -> bool:
    """Whether the one word ``text[s:t]`` is a listed state's abbreviation or postal code, in any
    case, written after a capitalised town and a comma and closed by a period ("Limestone, Ma.",
    "Eastport, Me."): the dateline and address convention of US news (AP Stylebook, "state names").
    A bare postal code is otherwise only read as a state in capitals (``names.place_of``)."""
    word = text[s:t]
    if " " in word or not text[t:].startswith("."):
        return False
    return (
        re.search(r"\b[A-Z][\w.'’-]*,\s+$", text[max(0, s - 40) : s]) is not None
        and place_of(word.upper()) is not None
    )


# an age in apposition, then what the person is or says ("Dara Pemberly, 16, a student"); a place
# has no age, and a count after a city in a list is followed by "and" or another city
_AGE_APPOSITION = re.compile(r",\s+\d{1,3},\s+(?:a|an|the|who|of|from|said|says|told)\b")


def _aged(text: str, s: int, t: int) -> bool:
    """Whether a span of two or three capitalised words, no listed place, is followed by an age
    in apposition: the recognizer's place or organisation reading of an unfamiliar person's name
    ("Dara Pemberly, 16, a student at ...")."""
    words = text[s:t].split()
    return (
        2 <= len(words) <= 3
        and all(w[:1].isupper() and not w.isupper() for w in words)
        and place_of(text[s:t]) is None
        and words[-1].strip(".,").lower() not in INSTITUTION
        and _AGE_APPOSITION.match(text[t:]) is not None
    )


_FINITE_OR_APPOSED = frozenset({"VBD", "VBZ", "VBP", "MD", ","})


def _participle_opening(ctx: StoryContext, n: int, toks: list[Token], end: int) -> bool:
    """Whether a person span opening a sentence starts with the verb of a participial clause
    ("Describing Li's visit to Mongolia …, Jasray said"): its first word ends in -ing, the tagger
    reads it as a verb once it is not capitalised (it reads the capitalised one as part of the
    name), and the name after it is no subject (no finite verb or apposition follows it: "Manning
    Ford said", "Browning Wells, the mayor, said" keep their -ing names). Cost: one tagging of a
    few words, for the rare span that opens a sentence with an -ing word."""
    from newsbrief.analyze.context import nlp

    first = toks[0].text
    if not (first.endswith("ing") and first[:1].isupper() and len(first) > 5):
        return False
    after = next(iter(ctx.tokens_between(n, end, end + 40)), None)
    if after is not None and after.tag in _FINITE_OR_APPOSED:
        return False
    text = ctx.docs[n].article.text
    tagged = nlp()(first.lower() + text[toks[0].end : end])
    return len(tagged) > 0 and tagged[0].tag_ == "VBG"


def _free(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    return not any(a < e and b > s for a, b in taken)


def propagate(ctx: StoryContext, raws: list[Raw]) -> list[Raw]:
    """Mentions the recognizer missed: other occurrences of names it found elsewhere in the story.

    Sought, as whole capitalized words not inside another mention or a longer capitalized name:
    surnames of people named in full, given names that only one person has, acronyms, names of two
    words or more, and an institution's name without its last word ("Grand Meridian" of "Grand Meridian
    Hotel"). A name part the story also writes as a lower-case word ("Glass", "Save") is not sought;
    a title right before ("Judge", "Mrs") does not make a longer name. Cost: one regex pass per
    sought name and article.
    """
    people = [r for r in raws if r.label == "PERSON" and len(name_key(r.surface, person=True)) >= 2]
    sought: dict[str, str] = {}  # surface → label
    given: dict[str, set[int]] = {}  # given name → docs that name its person in full
    owners: dict[str, set[tuple[str, ...]]] = {}
    lower = {w for d in ctx.docs for w in re.findall(r"\b[a-z]+\b", d.article.text)}
    for r in people:  # a part that is also a common word ("Glass", "Save") is not sought
        words = r.surface.replace("-", " ").split()
        if words[-1].lower() not in lower:
            sought.setdefault(words[-1], "PERSON")
        if words[0].lower() not in lower:
            given.setdefault(words[0], set()).add(r.doc)
            owners.setdefault(words[0], set()).add(name_key(r.surface, person=True))
    surnames = set(sought)
    for r in raws:
        if r.label == "PERSON":
            continue
        bare = r.surface.replace(".", "")
        if (len(bare) >= 2 and bare.isupper() and bare.isalpha()) or len(r.surface.split()) >= 2:
            sought.setdefault(r.surface, r.label)
    places = {name_key(r.surface) for r in raws if r.label in ("GPE", "LOC")}
    for r in raws:  # "the Grand Meridian" after "Grand Meridian Hotel": an institution by its name alone
        words = r.surface.split()
        if r.label in ("ORG", "FAC") and len(words) >= 2 and words[-1].lower() in _TAILS:
            head = " ".join(words[:-2] if words[-2:] == ["High", "School"] else words[:-1])
            if head and place_of(head) is None and name_key(head) not in places:
                sought.setdefault(head, r.label)
    for w in given:
        if len(owners[w]) == 1 and len(w) >= 3 and w not in surnames and w[:1].isupper():
            sought.setdefault(w, "PERSON-GIVEN")
    taken: dict[int, list[tuple[int, int]]] = {}
    for r in raws:
        taken.setdefault(r.doc, []).append((r.start, r.end))
    extra: list[Raw] = []
    by_prefix: dict[str, list[str]] = {}  # first three letters → sought names, longest first
    for surface in sorted(sought, key=lambda x: (-len(x), x)):
        if surface[:1].isupper():
            by_prefix.setdefault(surface[:3], []).append(surface)
    for n, d in enumerate(ctx.docs):
        text = d.article.text
        spans = taken.setdefault(n, [])
        for m in _WORD_START.finditer(text):
            s = m.start()
            for surface in by_prefix.get(text[s : s + 3], ()):
                e = s + len(surface)
                if not text.startswith(surface, s) or _NOT_END.match(text, e):
                    continue
                if not _free(spans, s, e) or _inside_longer_name(ctx, n, s, e):
                    break
                label = "PERSON" if sought[surface] == "PERSON-GIVEN" else sought[surface]
                poss = text[e : e + 2] in _POSSESSIVE or (text[e : e + 1] in "'’" and surface.endswith("s"))
                extra.append(Raw(n, s, e, surface, label, poss))
                spans.append((s, e))
                break
    return extra


def lower_case_heads(ctx: StoryContext, raws: list[Raw]) -> list[Raw]:
    """``raws`` with a name's generic head taken in when the text writes it in lower case ("a waiter at
    St Aidan's club") and the story also names it with that head capitalized ("St Aidan Club"):
    news style lower-cases the generic word of a second reference. Only institution heads
    (``INSTITUTION``) count; the mention keeps its own spelling."""
    heads: dict[tuple[str, ...], set[str]] = {}
    for r in raws:
        words = r.surface.split()
        named = r.label != "PERSON" and len(words) >= 2 and words[-1][:1].isupper()
        if named and words[-1].lower() in INSTITUTION:
            heads.setdefault(name_key(" ".join(words[:-1])), set()).add(words[-1].lower())
    out = []
    for r in raws:
        tails = heads.get(name_key(r.surface), set())
        text = ctx.docs[r.doc].article.text
        m = re.match(r"(?:['’]s)?\s+([a-z]+)\b", text[r.end : r.end + 24]) if tails else None
        if m and m.group(1) in tails:  # "St Brennan's" read as a person, then "club"
            end = r.end + m.end()
            label = "ORG" if r.label == "PERSON" else r.label
            r = Raw(r.doc, r.start, end, text[r.start : end], label, False)
        out.append(r)
    return out


_HANDLE_AFTER = re.compile(r"\s*\((@[A-Za-z0-9_]{1,15})\)")


def social_handles(ctx: StoryContext, raws: list[Raw]) -> list[Raw]:
    """The handle right after a person's name in an embedded post's signature ("— Jane Doe
    (@janedoe) May 1, 2020", the form Twitter's embed code writes): one mention of that handle per
    such signature, labelled a person. ``aliases.join_handles`` ties it to the name before it."""
    out: list[Raw] = []
    starts = {(r.doc, r.start) for r in raws}
    for r in raws:
        if r.label != "PERSON":
            continue
        text = ctx.docs[r.doc].article.text
        m = _HANDLE_AFTER.match(text, r.end)
        if m and (r.doc, m.start(1)) not in starts:  # not when the recognizer took the handle too
            out.append(Raw(r.doc, m.start(1), m.end(1), m.group(1), "PERSON", False))
    return out


def _inside_longer_name(ctx: StoryContext, n: int, s: int, e: int) -> bool:
    """The occurrence is part of a longer capitalized name ("Cook" of "Cook County")."""
    text = ctx.docs[n].article.text
    prev = re.search(r"([A-Z][\w’'.-]*)\s$", text[max(0, s - 30) : s])
    if (
        prev
        and prev.group(1).endswith(".")
        and len(prev.group(1)) > 2
        and prev.group(1)[:-1].lower() not in PERSON_TITLES
    ):
        prev = None  # "Thursday. Okafor": a sentence ends there
    if prev:
        tok = ctx.token_at(n, s - 1 - len(prev.group(1)))
        word = prev.group(1).strip(".").lower()
        starts = ctx.parsed[n].sentence_starts
        named = tok is not None and tok.tag in ("NNP", "NNPS", "NN", "JJ") and tok.start not in starts
        if named and word not in PERSON_TITLES:
            return True
    after = text[e:]
    if after.startswith(_POSSESSIVE):
        return False
    nxt = re.match(r"\s([A-Z][\w’'-]*)", after[:40])
    if nxt and nxt.group(1) != "I":  # "Penny" of "Penny Save", whatever the tagger made of "Save"
        return not any(x.start <= e + 1 < x.end and x.label in ("DATE", "TIME") for x in ctx.parsed[n].ents)
    return False


def person_context_ok(ctx: StoryContext, raws: list[Raw]) -> bool:
    """A one-word name the recognizer called a place may be a person's surname unless some mention
    of it reads as a place ("in Jordan", "from Washington")."""
    for r in raws:
        before = re.search(r"(\w+)\s+$", ctx.docs[r.doc].article.text[max(0, r.start - 12) : r.start])
        if before and before.group(1).lower() in _PLACE_PREP:
            return False
    return True
