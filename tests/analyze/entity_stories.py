"""Small multi-outlet stories for the entity and alias tests: one article per outlet, one time."""

from __future__ import annotations

from datetime import datetime

from newsbrief.analyze import Analysis, analyze
from newsbrief.model import Article, Entity
from newsbrief.order import order_articles
from newsbrief.pipeline import make_docs

WHEN = datetime(2024, 5, 6, 9, 0)


def analyze_texts(*texts: str, title: str = "Talks") -> Analysis:
    """The analysis of one story whose article ``i`` is ``texts[i]`` from outlet ``outlet{i}.example``."""
    articles = [
        Article(id=f"a{i}", text=t, title=title, outlet=f"outlet{i}.example", published=WHEN)
        for i, t in enumerate(texts)
    ]
    return analyze(make_docs(order_articles(articles)))


def holding(analysis: Analysis, form: str) -> list[Entity]:
    """Entities that list ``form`` (a final dot aside: outlets' "Inc." is kept as "Inc")."""
    return [e for e in analysis.entities if form.rstrip(".") in {n.rstrip(".") for n in (e.name, *e.aliases)}]
