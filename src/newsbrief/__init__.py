"""newsbrief: many news articles in, one faithful, cited brief per story out.

import newsbrief
articles = newsbrief.load_articles("articles/")
result = newsbrief.brief(articles, options=newsbrief.BriefOptions(words=150))
print(newsbrief.render(result, "md"))

Every name in ``__all__`` is the public API; its docstring gives shapes, units, errors and cost.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from newsbrief.errors import (
    ConfigError,
    InputError,
    NewsbriefError,
    OutputError,
    SchemaError,
    StoreError,
)

if TYPE_CHECKING:
    from newsbrief.align import AlignOptions
    from newsbrief.analyze import Analysis, ClaimOptions
    from newsbrief.docs import Budget, Doc, Pick
    from newsbrief.ingest import LoadOptions, load_articles
    from newsbrief.model import Article, Brief, Citation, Sentence, Story, Summary, SummarySentence
    from newsbrief.pipeline import BriefOptions
    from newsbrief.render import render
    from newsbrief.summarize.ilp import ILPOptions

# The public names load on first use (PEP 562): `newsbrief --help`, `stories` and rendering import
# this package, and importing every stage (scipy, the analysis tables) cost them ~1 s at start-up.
_LAZY = {
    "AlignOptions": "newsbrief.align",
    "Analysis": "newsbrief.analyze",
    "ClaimOptions": "newsbrief.analyze",
    "Budget": "newsbrief.docs",
    "Doc": "newsbrief.docs",
    "Pick": "newsbrief.docs",
    "LoadOptions": "newsbrief.ingest",
    "load_articles": "newsbrief.ingest",
    **dict.fromkeys(
        ["Article", "Brief", "Citation", "Sentence", "Story", "Summary", "SummarySentence"], "newsbrief.model"
    ),
    "BriefOptions": "newsbrief.pipeline",
    "render": "newsbrief.render",
    "ILPOptions": "newsbrief.summarize.ilp",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsbrief' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(types.ModuleType):
    """Keeps ``newsbrief.analyze`` the function below: importing the subpackage of the same name
    (which happens later now, on first use) would otherwise replace it with the module."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "analyze" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def brief(
    articles: Sequence[Article],
    *,
    options: BriefOptions | None = None,
    words: int | None = None,
    summarizer: str | None = None,
) -> Brief:
    """The cited brief of ``articles`` taken as one story.

    ``options`` carries every knob (``BriefOptions``: word budget, summarizer and its ``ILPOptions``,
    ``AlignOptions``, ``ClaimOptions``, analysis on/off); ``words`` and ``summarizer``, when given,
    override the same fields of ``options``. The result does not depend on the order of
    ``articles`` (byte-identical JSON for the same set).

    Raises ``InputError`` when ``articles`` is empty and ``ConfigError`` for an unknown summarizer
    or a budget under 1 word. Cost: loads MiniLM (~90 MB) and, with ``options.analyze``, spaCy
    (~1 GB in memory with both); about a second per ten articles on one CPU core once loaded.
    """
    from newsbrief.pipeline import BriefOptions

    opts = options or BriefOptions()
    if words is not None or summarizer is not None:
        opts = BriefOptions(
            words=opts.words if words is None else words,
            summarizer=opts.summarizer if summarizer is None else summarizer,
            align=opts.align,
            analyze=opts.analyze,
            ilp=opts.ilp,
            claims=opts.claims,
        )
    from newsbrief.pipeline import make_brief

    return make_brief(articles, opts)


def analyze(articles: Sequence[Article | Doc], *, claims: ClaimOptions | None = None) -> Analysis:
    """Entities, quotes, timeline and claims of ``articles`` taken as one story (``Analysis``).

    Each item is an ``Article`` (split into sentences here) or an already split ``Doc``; citations
    point at sentence indices of that split. ``claims`` bounds the claims listed. Unlike ``brief``
    it links no copies: give it independent articles. Returns an empty ``Analysis`` for no
    articles; raises nothing on purpose. Cost: loads spaCy and MiniLM (~1 GB); one spaCy parse of
    every article.
    """
    from newsbrief.analyze import analyze as analyze_docs
    from newsbrief.docs import Doc
    from newsbrief.split import split_article

    docs = [a if isinstance(a, Doc) else Doc(a, split_article(a)) for a in articles]
    return analyze_docs(docs, claims=claims)


__all__ = [
    "AlignOptions",
    "Analysis",
    "Article",
    "Brief",
    "BriefOptions",
    "Budget",
    "Citation",
    "ClaimOptions",
    "ConfigError",
    "Doc",
    "ILPOptions",
    "InputError",
    "LoadOptions",
    "NewsbriefError",
    "OutputError",
    "Pick",
    "SchemaError",
    "Sentence",
    "StoreError",
    "Story",
    "Summary",
    "SummarySentence",
    "__version__",
    "analyze",
    "brief",
    "load_articles",
    "render",
]
