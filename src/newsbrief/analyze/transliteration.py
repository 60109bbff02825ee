"""Two romanisations of one name: "Gadhafi" / "Gaddafi" / "Qaddafi", "Kadyrov" / "Kadirov", "al-Sisi" /
"el-Sissi".

A name written in another script (Arabic, Cyrillic, ...) reaches English news in several spellings,
each outlet keeping to its own house style. The spellings differ in the ways transliteration
systems differ, and in no other (the conventions of the AP, Reuters and BBC style guides, and of
the ALA-LC and BGN/PCGN romanisation tables):

- an article prefix written "al-", "el-", "ul-" or assimilated ("ash-", "ad-", ...), or left out;
- a consonant doubled or not ("Sisi" / "Sissi", "Gaddafi" / "Gadafi");
- one sound written with different letters: q / k / g for the Arabic qaf, "dh" / "d" / "th",
  "kh" / "h" (and "ch" inside a word, for the Hebrew het: "Mordechai" / "Mordehai"), "ph" / "f", "zh" / "j", "ou" / "oo" / "u", "ee" / "i", "y" / "i" (Cyrillic ы, й), "x" / "ks",
  "w" / "v";
- a short vowel of the source written with a neighbouring vowel in the same place: the Arabic
  damma as "o" or "u" ("Moammar" / "Muammar"), the fatha as "a" or "e" ("Mohammed" /
  "Muhammad"), the kasra as "i" or "e".

So two spellings are one name when, once these are set aside, they have the same consonants in the
same order and the same vowels in the same places. Other differences are no transliteration: a
vowel moved to another place is a typing slip ("Olivares" / "Oliveras", "Sementilli" /
"Semintelli"), and another consonant or a vowel of another sound is another spelling of a
Latin-script name ("Lindqvist" / "Lindquist", "Larsen" / "Larson"); outlets that write a name two
such ways disagree about it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["ARTICLES", "consonants", "romanised_surname", "transliteration_key", "transliteration_variant"]

# The Arabic article, written apart or assimilated to a following "sun letter" ("ash-Shara", "ad-Din").
ARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "il",
        "as",
        "ash",
        "ad",
        "at",
        "ath",
        "ar",
        "az",
        "an",
        "es",
        "ed",
        "et",
        "er",
        "ez",
        "en",
    ]
)
_ARTICLE = re.compile(rf"^(?:{'|'.join(sorted(ARTICLES, key=lambda a: (-len(a), a)))})[-‐‑'’\s]+(?=\w)")
# One sound, several spellings (longest first, applied left to right): each maps to one letter.
_SOUNDS = (
    ("tch", "ch"),
    ("dh", "d"),
    ("th", "t"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("zh", "j"),
    ("dj", "j"),
    ("ck", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("q", "k"),
    ("g", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("y", "i"),
)
_SOUND = re.compile("|".join(re.escape(a) for a, _ in _SOUNDS))
_SOUND_OF = dict(_SOUNDS)
_VOWELS = frozenset("aeiou")
# vowels one short vowel of the source is written with (damma, fatha, kasra)
_SAME_VOWEL = frozenset({frozenset("ou"), frozenset("ae"), frozenset("ei")})


def _letters(word: str) -> str:
    """Lower case, accents and marks dropped ("Ḥusayn" → "husayn", "Qur'an" → "quran")."""
    folded = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in folded if c.isalpha() and c.isascii())


@lru_cache(maxsize=8192)
def transliteration_key(word: str) -> str:
    """``word`` with the article prefix, the alternative letters of one sound and doubled letters
    set aside ("el-Sissi" → "sisi", "Gadhafi" → "kadafi", "Kadyrov" → "kadirov"); ``""`` when
    nothing is left."""
    s = _ARTICLE.sub("", word.strip().lower())
    # the Hebrew het and the Arabic ha and kha inside a word: "ch", "kh" or "h" ("Mordechai" /
    # "Mordehai"); at its start "ch" is as often an English or Chinese sound ("Chan" / "Han")
    s = re.sub(r"(?<=[a-z])(?<!t)ch", "h", _letters(s))
    s = _SOUND.sub(lambda m: _SOUND_OF[m.group(0)], s)
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=8192)
def _shape(key: str) -> tuple[str, tuple[str, ...]]:
    """The consonants of ``key`` with a mark where a vowel run stands, and the vowel runs in order:
    "muamar" → ("m_m_r", ["ua", "a"])."""
    consonants: list[str] = []
    vowels: list[str] = []
    for run in re.findall(r"[aeiou]+|[^aeiou]+", key):
        if run[0] in _VOWELS:
            consonants.append("_")
            vowels.append(run)
        else:
            consonants.append(run)
    return "".join(consonants), tuple(vowels)


def transliteration_variant(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are two romanisations of one name word (see the module docstring):
    "Qaddafi" / "Gadhafi", "Moammar" / "Muammar", "al-Sisi" / "el-Sissi", "Kadyrov" / "Kadirov".
    False for equal words, for words of fewer than four letters once normalised, and for two
    spellings whose vowels are the same letters in another order ("Olivares" / "Oliveras") or
    whose consonants differ ("Lindqvist" / "Lindquist"). Pure string work, microseconds a pair."""
    if a.lower() == b.lower():
        return False
    ka, kb = transliteration_key(a), transliteration_key(b)
    if len(ka) < 4 or len(kb) < 4:
        return False
    if ka == kb:
        return True
    (ca, va), (cb, vb) = _shape(ka), _shape(kb)
    if ca != cb or sorted("".join(va)) == sorted("".join(vb)):
        return False  # the same vowels moved to other places: a slip of the keys
    return all(
        len(x) == len(y)
        and all(p == q or frozenset((p, q)) in _SAME_VOWEL for p, q in zip(x, y, strict=True))
        for x, y in zip(va, vb, strict=True)
    )


def consonants(word: str) -> str:
    """The consonants of ``word``, lower case, accents dropped, doubled ones once, ``y`` read as a
    vowel: what spellings of one name keep ("Kiev" / "Kyiv" → "kv", "Gadhafi" → "gdhf")."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", _letters(word)))


def _skeleton(word: str) -> tuple[str, str]:
    """The article prefix written (``""`` without one) and the consonants of the rest:
    "el-Sissi" → ("el", "s"), "Gadhafi" → ("", "gdhf")."""
    w = word.strip().lower()
    m = _ARTICLE.match(w)
    prefix = re.sub(r"[^a-z]", "", m.group(0)) if m else ""
    return prefix, consonants(w[m.end() :] if m else w)


def romanised_surname(a: str, b: str) -> bool:
    """Whether surnames ``a`` and ``b`` are two romanisations of one name (``transliteration_variant``)
    that differ in a way only romanisation explains: an article prefix ("al-Sisi" / "el-Sissi") or
    the letters of a consonant ("Gadhafi" / "Qaddafi", "Khalil" / "Halil").

    Vowels alone, a doubled letter or y for i are how Latin-script surnames differ too ("Grey" /
    "Gray", "Allen" / "Allan", "Meyer" / "Meier", "Wilson" / "Willson"): two such spellings may be
    two people (a judge and a defendant), and outlets writing one person's surname so disagree about
    it, so they are no romanisation here. ("Kadyrov" / "Kadirov" is one of them, read as a
    disagreement: the cost of never merging a judge with the man he tries.)"""
    return transliteration_variant(a, b) and _skeleton(a) != _skeleton(b)
