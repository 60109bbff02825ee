"""Name keys: which differences between two spellings of a name do not count."""

from __future__ import annotations

from newsbrief.analyze.names import name_key


def test_owner_s_inside_a_name_does_not_count() -> None:
    assert name_key("St Brennan's Club") == name_key("St Brennan Club") == ("st", "brennan", "club")
    assert name_key("St Brennan’s club") == ("st", "brennan", "club")
    assert name_key("Harlow Rovers's") == ("harlow", "rovers")  # a final possessive, as before
    assert name_key("O'Neill") == ("o'neill",)
