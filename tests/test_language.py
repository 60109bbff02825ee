"""The language check: a real identifier's confidence, permissive on short or ambiguous English."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.errors import InputError
from newsbrief.ingest import load_articles
from newsbrief.language import _identifier, detect_language, identify, language_name, not_english


@pytest.mark.parametrize(
    "text",
    [
        # a short market bulletin: few function words, many names and figures
        "Stocks tumbled Monday. Dow Jones Industrial Average fell 500 points, S&P 500 lost 2%, "
        "Nasdaq Composite dropped 3%.",
        "Federer beat Nadal 6-4, 6-3. Djokovic next.",
        "Angela Merkel, Olaf Scholz, Emmanuel Macron.",
        "SAO PAULO (Reuters) - Brazil's Bovespa index rose 1.2 percent on Tuesday.",
        "Presidente Andrés Manuel López Obrador said Monday that Mexico would not pay for the wall.",
        "12345 678",
        "",
    ],
)
def test_short_or_ambiguous_english_is_accepted(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        (
            "Der Landtag hat am Dienstag das neue Wassergesetz nach langer Debatte beschlossen. "
            "Die Bauern sind zufrieden.",
            "de",
            "German",
        ),
        ("Le gouvernement a annoncé lundi de nouvelles règles pour la frontière.", "fr", "French"),
        ("北京时间周一，中国政府宣布了新的边境规定。", "zh", "Chinese"),
        ("Правительство в понедельник объявило новые правила на границе.", "ru", "Russian"),
    ],
)
def test_another_language_is_named(text: str, code: str, name: str) -> None:
    assert detect_language(text) == code
    assert identify(text).name == name
    assert not_english(code) == f"not English (detected: {name})"


def test_a_clear_english_text_is_identified_with_high_probability() -> None:
    found = identify(
        "Interior ministers agreed on Monday on a new set of border rules after two days of talks. "
        "The agreement still needs the approval of the European Parliament, officials said."
    )
    assert found.code == "en" and found.probability > 0.9 and found.english == found.probability


def test_language_names_come_from_cldr_and_fall_back_to_the_code() -> None:
    assert language_name("de") == "German"
    assert language_name("nn") == "Norwegian Nynorsk"
    assert language_name("qqq") == "qqq"
    assert language_name("") == "unknown"


def test_ingest_names_the_language_it_rejects(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(
        "Der Landtag hat am Dienstag das neue Wassergesetz nach langer Debatte beschlossen. Die Bauern sind "
        "zufrieden, und die Umweltverbände wollen nun klagen.",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"no English articles \(not English \(detected: German\)\)"):
        load_articles(path)


def test_ingest_keeps_a_short_english_bulletin(tmp_path: Path) -> None:
    path = tmp_path / "markets.txt"
    path.write_text(
        "Stocks tumbled Monday. Dow Jones Industrial Average fell 500 points, S&P 500 lost 2%, Nasdaq "
        "Composite dropped 3%, Russell 2000 shed 4%. Oil: WTI $71.20, Brent $75.10. Gold $2,310.",
        encoding="utf-8",
    )
    (article,) = load_articles(path)
    assert article.language == "en"


ENGLISH_REPORT = (
    "The city council voted on Tuesday to close the old harbor bridge for repairs, after engineers "
    "found that several of its cables had worn thin. The closure is expected to last three weeks, "
    "and commuters were told to use the ferry, which will add extra crossings in the morning and in "
    "the evening. The mayor said the work could not wait until the spring, because the bridge carries "
    "more traffic than it was built for."
)
DUTCH_REPORT = (
    "De gemeenteraad heeft dinsdag besloten de oude havenbrug te sluiten voor reparaties, nadat "
    "ingenieurs hadden vastgesteld dat verschillende kabels versleten waren. De sluiting duurt naar "
    "verwachting drie weken en forensen wordt gevraagd de veerboot te nemen, die 's ochtends en 's "
    "avonds extra overtochten maakt. De burgemeester zei dat het werk niet tot het voorjaar kon "
    "wachten, omdat de brug meer verkeer draagt dan waarvoor hij is gebouwd."
)


def test_a_plain_english_report_does_not_load_the_identifier() -> None:
    _identifier.cache_clear()
    assert detect_language(ENGLISH_REPORT) == "en"
    assert _identifier.cache_info().currsize == 0  # the ~0.9 CPU s model load was not paid


def test_a_report_in_a_related_language_still_goes_to_the_identifier() -> None:
    assert detect_language(DUTCH_REPORT) == "nl"
