"""Reading the pool of labelled stories that ``eval-stories`` clusters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbrief.errors import InputError
from newsbrief.evaluate_stories import read_pool

DOC = "The river bridge in Alderton closed on Monday for repairs that will take until the spring."


def test_the_empty_half_of_a_one_story_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "bridge", "docs": [DOC, DOC]}) + "\n")
    assert read_pool([path], "even") == ([DOC, DOC], [0, 0])
    with pytest.raises(
        InputError, match=r"^the odd half of the stories files holds no stories \(1 in all\)$"
    ):
        read_pool([path], "odd")


def test_a_file_without_docs_says_so_whatever_the_half(tmp_path: Path) -> None:
    path = tmp_path / "none.jsonl"
    path.write_text(json.dumps({"id": "bridge", "docs": [1, None]}) + "\n")
    for half in (None, "even"):
        with pytest.raises(InputError, match=r"^no docs in the stories files$"):
            read_pool([path], half)
