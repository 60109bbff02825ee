"""A small, deterministic English check.

newsbrief's models (sentence splitter, embeddings, NER) are English models; running them on other
languages gives confident nonsense. Function words are the most reliable cheap signal: English news
prose has 30–45% of its tokens among them, other languages (even those in Latin script) under 10%.
"""

from __future__ import annotations

import re

_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "and",
        "or",
        "but",
        "not",
        "no",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "you",
        "his",
        "her",
        "their",
        "our",
        "i",
        "him",
        "them",
        "us",
        "as",
        "if",
        "than",
        "then",
        "so",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "into",
        "over",
        "after",
        "before",
        "about",
        "up",
        "out",
        "said",
        "says",
    ]
)
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


def english_ratio(text: str, *, sample: int = 2000) -> float:
    """Share of word tokens (first ``sample``) that are English function words."""
    tokens = _TOKEN.findall(text[: sample * 8].lower())[:sample]
    if not tokens:
        return 0.0
    return sum(t in _FUNCTION_WORDS for t in tokens) / len(tokens)


def detect_language(text: str) -> str:
    """``"en"`` for English prose, ``"und"`` (undetermined) otherwise."""
    tokens = _TOKEN.findall(text[:4000])
    if len(tokens) < 3:
        return "und"
    return "en" if english_ratio(text) >= 0.15 else "und"
