"""Name rules for entity merging: keys, titles, given names, spellings, abbreviations and place names.

Everything here works on one name or a pair of names; ``entities.py`` decides which pairs to try.
A *key* is a name as a tuple of lower-case words without dots, hyphens or possessive
("Kim Jong-un" → ("kim", "jong", "un")). Sources: honorifics and titles from ``nameparser``'s
title list plus news and police ranks; nicknames from the ``nicknames`` table (Old Dominion
University's curated list); spelling distance from ``rapidfuzz``; other names of places from
``data/places.tsv``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from nameparser.config import CONSTANTS as _NAMEPARSER
from nicknames import NickNamer
from rapidfuzz.distance import OSA

_SPLIT = re.compile(r"[\s\-‐‑–]+")

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
        "emeritus",  # "Professor Emeritus at Harvard": part of the title, never a name
        "emerita",
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
        "councillor",
        "councilor",
        "councilman",
        "councilwoman",
        "alderman",
        "constable",
        "assemblyman",
        "assemblywoman",
        "assemblymember",
    ]
)
# Honorifics and ranks written before a name that are not nouns of their own: courtesy titles and the
# abbreviated police ranks of British and Irish reports ("DC Harlow", "Det Con Owen Harlow").
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "revd",
        "reverend",
        "fr",
        "hon",
        "rt",
        "msgr",
        "det",
        "con",
        "dc",
        "ds",
        "di",
        "dci",
        "dsi",
        "dcs",
        "pc",
        "wpc",
        "supt",
        "insp",
        "da",
    ]
)
# Titles strong enough to make a span a person even when the recognizer called it an organisation.
PERSON_TITLES = TITLE_WORDS | HONORIFICS
# nameparser's list (812 words) also holds occupations ("chemist") and ranks; only safe before a name
# of two or more words, as are titles that double as given names ("Dean Smith").
_ALL_TITLES = PERSON_TITLES | frozenset(_NAMEPARSER.titles)
_GIVEN_TOO = frozenset(["dean", "earl", "major", "bishop", "rector"])

# Short forms written inside names ("Mt. Tabor", "Dept. of Labor"), and British/American spellings of
# the same word ("Centre" / "Center").
ABBREVIATIONS = {
    "mt": "mount",
    "ft": "fort",
    "dept": "department",
    "univ": "university",
    "co": "company",
    "corp": "corporation",
    "cos": "companies",
    "rd": "road",
    "ave": "avenue",
    "blvd": "boulevard",
    "hwy": "highway",
    "natl": "national",
    "intl": "international",
    "assn": "association",
    "bros": "brothers",
    "&": "and",
    "centre": "center",
    "theatre": "theater",
    "defence": "defense",
    "organisation": "organization",
}
# Legal-form words that do not change which organisation is meant ("Tesla" = "Tesla Inc.").
DESIGNATORS = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "company",
        "co",
        "ltd",
        "limited",
        "llc",
        "plc",
        "lp",
        "llp",
        "gmbh",
    ]
)
CONNECTORS = frozenset(["of", "for", "and", "the", "on", "de", "du", "la", "at", "&"])
COMPASS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
    ]
)


def name_key(surface: str, *, person: bool = False) -> tuple[str, ...]:
    """The comparison key of a name: lower case, no hyphens, dots or possessive; initials dropped
    from person names of three or more words ("Donald J. Trump" → ("donald", "trump"))."""
    s = surface.replace("’", "'")
    if s.endswith("'s"):
        s = s[:-2]
    s = re.sub(r"^(?:the)\s+", "", s, flags=re.IGNORECASE)
    parts = [p.strip(".,'\"()[]") for p in _SPLIT.split(s)]
    # an owner's "'s" inside a name does not count ("St Aidan's Club" / "St Aidan Club")
    parts = [re.sub(r"'s$", "", p) if i < len(parts) - 1 else p for i, p in enumerate(parts)]
    parts = [p.replace(".", "").lower() for p in parts if p.replace(".", "")]
    if person and len(parts) > 2:
        parts = [p for i, p in enumerate(parts) if len(p) > 1 or i in (0, len(parts) - 1)]
    return tuple(parts)


def title_words(words: list[str]) -> int:
    """How many leading words of a person's span are titles ("Councillor Amara Okafor" → 1,
    "Det Con Owen Harlow" → 2). At least one name word is always left; a word from nameparser's long
    list only counts when two name words follow it."""
    n = 0
    while n < len(words) - 1:
        w = words[n].strip(".,").lower()
        safe = w in PERSON_TITLES and w not in _GIVEN_TOO
        if safe or (w in _ALL_TITLES and len(words) - n > 2):
            n += 1
            continue
        break
    return n


def org_key(key: tuple[str, ...]) -> tuple[str, ...]:
    """A non-person key with abbreviations written out and legal forms dropped: "Tesla Inc." →
    ("tesla",), "Mt. Tabor" → ("mount", "tabor"); "St" is "saint" before a name, "street" after one."""
    words = []
    for i, w in enumerate(key):
        if w == "st":
            w = "street" if i == len(key) - 1 and i > 0 else "saint"
        words.append(ABBREVIATIONS.get(w, w))
    while words and words[0] == "the":
        words.pop(0)
    while len(words) > 1 and words[-1] in DESIGNATORS:
        words.pop()
    return tuple(words)


def bag_key(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The content words of a non-person name, singular, in sorted order, so that "University of
    Eastbridge" and "Eastbridge University" meet; ``None`` below two content words."""
    words = [_singular(w) for w in org_key(key) if w not in CONNECTORS]
    return tuple(sorted(words)) if len(words) >= 2 else None


def _singular(word: str) -> str:
    """ "corrections" → "correction" ("Department of Corrections" / "Correction Department")."""
    return word[:-1] if len(word) >= 5 and word.endswith("s") and not word.endswith("ss") else word


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=1)
def known_given_names() -> frozenset[str]:
    """Every given name of the nickname table (canonical names and their nicknames)."""
    table = _nicknamer().nickname_lookup
    names = set(table)
    for nicks in table.values():
        names |= set(nicks)
    return frozenset(names)


def nickname_of(a: str, b: str) -> bool:
    """``a`` and ``b`` are one given name by the nickname table ("ron" / "ronald")."""
    nn = _nicknamer()
    return a in nn.nicknames_of(b) or b in nn.nicknames_of(a)


def spelling_variant(a: str, b: str, *, edits: int = 2) -> bool:
    """Two spellings of one word: a dropped, added, changed or swapped letter ("Centre"/"Center",
    "Sacremento"/"Sacramento"); up to ``edits`` such changes in words of seven letters or more
    ("Valderas"/"Valdares"). Both words start with the same letter and have five letters or more;
    digits never differ."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[0] != b[0] or not (a.isalpha() and b.isalpha()):
        return False
    limit = edits if min(len(a), len(b)) >= 7 else 1
    return int(OSA.distance(a, b)) <= limit


def same_given_name(a: str, b: str) -> bool:
    """Two given names of one person: equal, one an initial of the other, a nickname pair, or a
    spelling variant that is not itself another known given name ("Barak" / "Barack", but never
    "Mark" / "Mary")."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if nickname_of(a, b):
        return True
    known = known_given_names()
    if a in known and b in known:
        return False
    return len(a) >= 4 and len(b) >= 4 and a[0] == b[0] and int(OSA.distance(a, b)) <= 1


@lru_cache(maxsize=1)
def _places() -> tuple[dict[tuple[str, ...], tuple[str, ...]], frozenset[tuple[str, ...]]]:
    text = resources.files("newsbrief.analyze").joinpath("data/places.tsv").read_text(encoding="utf-8")
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    codes: set[tuple[str, ...]] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        forms = line.split("\t")
        main = name_key(forms[0])
        for form in forms:
            table[name_key(form)] = main
            if len(form) == 2 and form.isupper():
                codes.add(name_key(form))
        for form in forms:  # a dotted form ("Pa.") makes the key safe in any case
            if "." in form:
                codes.discard(name_key(form))
    return table, frozenset(codes)


def place_table() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Name key of each listed form → name key of its place (``data/places.tsv``)."""
    return _places()[0]


# Degrees written after a name ("Joel Simon, M.D."): dotted capitals that read as a postal code
DEGREE = re.compile(r"M\.\s?D\.?|D\.\s?O\.?|R\.\s?N\.?|J\.\s?D\.?|Ph\.\s?D\.?|D\.D\.S\.?")


def place_of(surface: str) -> tuple[str, ...] | None:
    """The listed place a form names ("Wash." → ("washington",)); a bare postal code only when the
    text writes it in capitals ("NJ", not "Nj")."""
    if DEGREE.fullmatch(surface.strip()):
        return None  # "T. Berry Brazelton, M.D.": a degree after a name, not Maryland
    key = name_key(surface)
    table, codes = _places()
    main = table.get(key)
    if main is None or (key in codes and not surface.replace(".", "").strip().isupper()):
        return None
    return main
