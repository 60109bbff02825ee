"""Which language an article is written in, by a real language identifier.

newsbrief's models (sentence splitter, embeddings, NER) are English models; running them on other
languages gives confident nonsense. py3langid (Lui & Baldwin's langid.py, the identifier trafilatura
uses; naive Bayes over byte n-grams, ~140 languages) gives each language a probability calibrated for
the text's length, so a short or ambiguous text ("Stocks tumbled Monday. Dow Jones fell 500
points …", a list of names) gets a low one. A text is taken as another language only when the
identifier is confident of that language and gives English almost nothing; everything else is
read as English, the permissive side, since rejecting an English bulletin loses a source while a
stray foreign text costs one poor summary. (Measured on the 1,534 dev articles of 20+ words: every
one is identified as English with probability >= 0.5; the function-word ratio this replaces
rejected two of them, stock tables.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsbrief.text import STOPWORDS

ENGLISH = "en"
# Another language wins at this probability, when English gets under MAX_ENGLISH. One plain
# sentence of German, French, Russian or Japanese scores 0.98-1.0 and English ~0; a German headline
# of five words 0.5 (as Luxembourgish); short English bulletins put at most ~0.2 on any other
# language and 0.05 or more on English.
MIN_CONFIDENCE = 0.5
MAX_ENGLISH = 0.01
# Enough text for a confident decision; the identifier walks every byte in Python (~1 µs/byte).
SAMPLE_CHARS = 4000
# A text whose words are largely English function words is English without asking the identifier,
# whose model costs ~0.9 CPU s to load (an LZMA-compressed 68 MB table: a quarter of a first brief).
# Measured: of the 1,508 dev articles of 50+ words, all but 4 have at least 0.25 of their words in
# the function-word list (1st percentile 0.33); news paragraphs in German, Dutch, French and
# Spanish 0.02-0.07. Under the bar (stock tables, lists, other languages) the identifier decides,
# so this only ever saves the load, never rejects a text.
FAST_MIN_WORDS = 50
FAST_ENGLISH_SHARE = 0.25
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Identified:
    """The most probable language of a text: ISO 639 ``code``, its ``probability`` and that of
    English (0..1, calibrated for the text's length)."""

    code: str
    probability: float
    english: float

    @property
    def name(self) -> str:
        """The language's English name ("German"); see :func:`language_name`."""
        return language_name(self.code)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's bundled model with calibrated probabilities, loaded once (~1-4 s, ~30 MB).

    Our own instance, not py3langid's module-level one, which trafilatura may restrict to a few
    languages with ``set_languages``.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> Identified:
    """The most probable language of the first ``SAMPLE_CHARS`` characters of ``text``.

    An empty text, or one without letters, is identified with low probability (any code).
    Cost: the model load on first call, then ~5 ms per article.
    """
    ranked = _identifier().rank(text[:SAMPLE_CHARS])  # best first; stateless per call: thread-safe
    code, probability = ranked[0]
    english = next((p for c, p in ranked if c == ENGLISH), 0.0)
    return Identified(str(code), float(probability), float(english))


def detect_language(text: str) -> str:
    """``"en"`` for English, short or ambiguous text; otherwise the ISO 639 code ("de", "fr", "zh")
    of a language the identifier is confident of (probability >= ``MIN_CONFIDENCE``) while English
    gets under ``MAX_ENGLISH``. A text of ``FAST_MIN_WORDS`` words or more, at least
    ``FAST_ENGLISH_SHARE`` of them English function words, is English without loading the
    identifier (see the constants)."""
    if _mostly_english_function_words(text[:SAMPLE_CHARS]):
        return ENGLISH
    found = identify(text)
    if found.code != ENGLISH and found.probability >= MIN_CONFIDENCE and found.english < MAX_ENGLISH:
        return found.code
    return ENGLISH


def _mostly_english_function_words(sample: str) -> bool:
    words = _WORD.findall(sample)
    if len(words) < FAST_MIN_WORDS:
        return False
    return sum(w.lower() in STOPWORDS for w in words) >= FAST_ENGLISH_SHARE * len(words)


@lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """The English name of an ISO 639 language code ("de" → "German", from the Unicode CLDR via
    Babel); the code itself when CLDR has no name for it, or ``"unknown"`` for an empty code."""
    if not code:
        return "unknown"
    try:
        from babel import Locale

        name = Locale("en").languages.get(code)
    except ImportError:  # pragma: no cover - babel comes with trafilatura (through courlan)
        name = None
    return str(name) if name else code


def not_english(code: str) -> str:
    """The reason an article is skipped: ``"not English (detected: German)"``."""
    return f"not English (detected: {language_name(code)})"
