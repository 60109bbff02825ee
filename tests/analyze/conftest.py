from __future__ import annotations

from datetime import datetime

import pytest

from newsbrief.analyze import Analysis, analyze
from newsbrief.docs import Doc
from newsbrief.model import Article
from newsbrief.order import order_articles
from newsbrief.pipeline import make_docs

FIRE_A = (
    "Jane Roe, the city's police chief, said on Tuesday that 12 people were injured in the fire at the "
    "Acme warehouse.\n"
    "The fire started on March 3, 2021, at the Acme warehouse, officials said.\n"
    "“We are still looking for the cause of the fire and we will find it,” Roe said.\n"
    "Later, the police chief said, “The building had passed every inspection the city asked for.”\n"
    "The Acme company fired its warehouse manager after the fire."
)
FIRE_B = (
    "Police chief Jane Roe said 15 people were injured in the fire at the Acme warehouse.\n"
    "The fire started on March 5, 2021, at the Acme warehouse, officials said.\n"
    "“We are still looking for the cause of the fire,” Roe said.\n"
    "The Acme company denied that it fired its warehouse manager after the fire."
)


@pytest.fixture(scope="session")
def seed_docs(seed_articles) -> list[Doc]:  # type: ignore[no-untyped-def]
    return make_docs(order_articles(seed_articles))


@pytest.fixture(scope="session")
def seed_analysis(seed_docs) -> Analysis:  # type: ignore[no-untyped-def]
    return analyze(seed_docs)


@pytest.fixture(scope="session")
def fire_docs() -> list[Doc]:
    when = datetime(2021, 3, 10, 9, 0)
    articles = [
        Article(id="fire-a", text=FIRE_A, title="Warehouse fire", outlet="alpha.example", published=when),
        Article(id="fire-b", text=FIRE_B, title="Warehouse blaze", outlet="beta.example", published=when),
    ]
    return make_docs(order_articles(articles))


@pytest.fixture(scope="session")
def fire_analysis(fire_docs) -> Analysis:  # type: ignore[no-untyped-def]
    return analyze(fire_docs)
