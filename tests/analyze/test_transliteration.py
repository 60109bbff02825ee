"""Two romanisations of one name, told apart from a misspelt or another Latin-script name."""

from __future__ import annotations

import pytest

from newsbrief.analyze.transliteration import romanised_surname, transliteration_key, transliteration_variant


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Gaddari", "Qadhari"),  # q / g for one letter, "dh" / "dd"
        ("Kaziyev", "Kaziev"),  # Cyrillic -ие- as "iye" or "ie"
        ("Nadyrov", "Nadirov"),  # Cyrillic ы as "y" or "i"
        ("al-Rami", "el-Rammi"),  # the article written "al-" or "el-", a consonant doubled or not
        ("Moattaz", "Muattaz"),  # the damma as "o" or "u"
        ("Mahmed", "Mahmad"),  # the fatha as "e" or "a"
        ("Oussouf", "Usuf"),  # "ou" / "u"
    ],
)
def test_romanisations_of_one_name(a: str, b: str) -> None:
    assert transliteration_variant(a, b) and transliteration_variant(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ravares", "Raveras"),  # two vowels swapped: a slip, which outlets disagree about
        ("Tornqvist", "Tornquist"),  # another letter of a Latin-script name
        ("Halsen", "Halson"),  # a vowel of another sound: another Scandinavian or English surname
        ("Bell", "Bill"),  # too short to tell
        ("Nadirov", "Nadirov"),  # one spelling
    ],
)
def test_other_spellings_are_no_romanisation(a: str, b: str) -> None:
    assert not transliteration_variant(a, b)


def test_key_sets_aside_article_sounds_and_doubled_letters() -> None:
    assert transliteration_key("el-Rammi") == transliteration_key("al-Rami") == "rami"
    assert transliteration_key("Qadhadi") == transliteration_key("Gaddadi") == "kadadi"


def test_ch_inside_a_word_is_one_romanisation_of_h_and_kh() -> None:
    # the Hebrew het: "Mordechai", "Mordekhai", "Mordehai" are house styles of one name
    assert romanised_surname("Mordehai", "Mordechai")
    assert romanised_surname("Mordekhai", "Mordechai")
    # at the start of a word "ch" is another sound ("Chan" / "Han" are two surnames)
    assert not transliteration_variant("Chan", "Han")
