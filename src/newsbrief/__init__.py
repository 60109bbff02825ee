"""newsbrief: many news articles in, one faithful, cited brief per story out.

import newsbrief
articles = newsbrief.load_articles("articles/")
result = newsbrief.brief(articles, words=150)
print(newsbrief.render(result, "md"))
"""

from __future__ import annotations

from collections.abc import Sequence

__version__ = "0.1.0"

from newsbrief.analyze import Analysis, analyze
from newsbrief.docs import Budget, Doc, Pick
from newsbrief.errors import ConfigError, InputError, NewsbriefError, OutputError
from newsbrief.ingest import LoadOptions, load_articles
from newsbrief.model import (
    Article,
    Brief,
    Citation,
    Sentence,
    Story,
    Summary,
    SummarySentence,
)
from newsbrief.pipeline import BriefOptions, make_brief
from newsbrief.render import render


def brief(articles: Sequence[Article], *, words: int = 150, summarizer: str = "newsbrief") -> Brief:
    """The cited brief of ``articles`` taken as one story (see ``BriefOptions`` for every option)."""
    return make_brief(articles, BriefOptions(words=words, summarizer=summarizer))


__all__ = [
    "Analysis",
    "Article",
    "Brief",
    "BriefOptions",
    "Budget",
    "Citation",
    "ConfigError",
    "Doc",
    "InputError",
    "LoadOptions",
    "NewsbriefError",
    "OutputError",
    "Pick",
    "Sentence",
    "Story",
    "Summary",
    "SummarySentence",
    "__version__",
    "analyze",
    "brief",
    "load_articles",
    "render",
]
