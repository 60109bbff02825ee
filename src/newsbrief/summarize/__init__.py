"""Extractive multi-document summarizers behind one call signature (as sumy does).

Each summarizer takes the story's documents (``newsbrief.docs.Doc``: articles with their sentences)
and a word ``Budget`` and returns ``Pick``s: sentences, or spans of sentences, in reading order.
Citations are built from picks, so every summary sentence is exactly a source span.
"""

from newsbrief.summarize.base import Summarizer, get_summarizer, summarizer_names

__all__ = ["Summarizer", "get_summarizer", "summarizer_names"]
