from __future__ import annotations

import pytest

from newsbrief.align import is_statement
from newsbrief.pagelabel import is_page_element


@pytest.mark.parametrize(
    "text",
    [
        "Related: Harbour council votes to close the ferry terminal",
        "Read more: How the storm hit the coast",
        "More: Ten things to know about the strike",
        "Caption The ferry leaves the terminal for the last time.",
        "Image caption Ferry workers gather outside the depot on Monday.",
        "Watch the report from the harbour below.",
        "WATCH: Crowds gather at the depot",
        "Ana Ruiz (left) and Tom Hale talk outside the depot on Monday.",
        "This image provided by the county sheriff shows the depot after the fire.",
        "Image copyright Harbour Press Agency",
    ],
)
def test_captions_and_labels_are_page_elements(text: str) -> None:
    assert is_page_element(text)
    assert not is_statement(text)


@pytest.mark.parametrize(
    "text",
    [
        "More than 50 people were injured when the ferry struck the pier.",
        "Related charges against the captain were dropped on Friday.",
        "See also the council's earlier report, which warned of the risk.",
        "The photographers waited outside the depot for hours.",
    ],
)
def test_sentences_opening_like_a_label_are_statements(text: str) -> None:
    assert not is_page_element(text)
    assert is_statement(text)
