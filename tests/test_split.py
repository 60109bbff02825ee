from __future__ import annotations

import re

import nupunkt
import pytest

from newsbrief.model import Article
from newsbrief.pipeline import BriefOptions, make_brief
from newsbrief.split import news_tokenizer, split_article, split_spans


def test_sentences_are_views_with_exact_offsets() -> None:
    text = "Robert C. O'Brien spoke on Jan. 11 in the U.S. capital. He said talks would resume.\nA new paragraph starts here."
    article = Article(id="a", text=text)
    sentences = split_article(article)
    assert [s.text(article) for s in sentences] == [
        "Robert C. O'Brien spoke on Jan. 11 in the U.S. capital.",
        "He said talks would resume.",
        "A new paragraph starts here.",
    ]
    assert all(text[s.start : s.end] == s.text(article) for s in sentences)
    assert [s.index for s in sentences] == [0, 1, 2]


def test_no_sentence_crosses_a_paragraph() -> None:
    spans = split_spans("A headline without a period\nThe first sentence of the story.")
    assert len(spans) == 2


def test_a_quoted_headline_with_a_period_stays_one_sentence() -> None:
    text = (
        "A New York Times article read “Happy Birthday, Trump Tells Kim. Not Enough, North Korea Says,” "
        "with a subheading. The next sentence stands alone."
    )
    spans = split_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "A New York Times article read “Happy Birthday, Trump Tells Kim. Not Enough, North Korea Says,” with a subheading.",
        "The next sentence stands alone.",
    ]


def test_an_unclosed_quote_does_not_swallow_the_paragraph() -> None:
    text = "He said “we will see. Nothing is decided yet. Talks go on."
    assert len(split_spans(text)) == 3


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_spans(text)]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a dotted abbreviation that ends the clause ("U.S.A.", "p.m.") before a capitalised word
        (
            "Steel duties were imposed by the U.S.A.",
            "Trade Minister Elin Vasko said they would hurt exporters.",
        ),
        ("The hearing ended at 5 p.m.", "Officials then left the building."),
        ("The first shift starts at 6 a.m.", "Workers say it is too early."),
        # ordinary words and names that nupunkt's legal-text model lists as abbreviations
        ("Rates will rise, according to the central bank.", "Vasko said the move was overdue."),
        ("The benchmark rate is held by the Fed.", "Powell said it would stay there."),
        ("The ferry finally docked at the port.", "Smith said it was four hours late."),
        ("He has always loved art.", "Critics call his work bold."),
        ("The referendum answer was no.", "Turnout was low."),
        ("The trucks carried coal.", "Miners blocked the road."),
    ],
)
def test_a_sentence_ending_in_an_abbreviation_like_word_is_split(first: str, second: str) -> None:
    assert _sentences(f"{first} {second}") == [first, second]


@pytest.mark.parametrize(
    "sentence",
    [
        "Dr. Smith met Gen. Lee on Jan. 5 at No. 3 Downing St. with Mr. Kim and Sen. Ortiz.",
        "U.S. officials and U.N. Secretary-General Antonio Guterres spoke in Washington, D.C. last week.",
        "Apple Inc. Chief Executive Tim Cook and J.R. Smith arrived at St. Paul's.",
        "The vote is at 5 p.m. Monday, and the count starts at 10 a.m. EDT on Tuesday.",
        "The driver was stopped at about 6 p.m. Oct. 3 near the bridge.",
        "The tremor struck at 7:40 a.m. Moscow time on a busy weekday.",
        "She left on the 6 p.m. Northern Express train from Leeds.",
        "They include Sens. Walter Dorsey and Paul Mercer of Vermont.",
        "Lt. Gov. Ana Ruiz and Cmdr. Joe Park spoke first.",
        "See Fig. 2 and Art. 5 of the treaty, which lists about approx. 500 sites, e.g. Petra.",
        "Smith vs. Jones is the case the court cited.",
    ],
)
def test_real_abbreviations_stay_inside_the_sentence(sentence: str) -> None:
    assert _sentences(sentence) == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "“Get out of the building!” Okafor shouted at the crowd.",
        "“Why should the east side wait another decade?” Councillor Amara Okafor asked during the debate.",
        "“Is it over?” she asked quietly.",
        "Shares of Yahoo! in Japan rose.",
    ],
)
def test_a_question_or_exclamation_before_its_speech_tag_is_one_sentence(sentence: str) -> None:
    assert _sentences(sentence) == [sentence]


def test_a_question_before_a_new_sentence_still_ends_it() -> None:
    text = "“Why wait?” The council voted anyway. “Never!” Officials left."
    assert _sentences(text) == ["“Why wait?”", "The council voted anyway.", "“Never!”", "Officials left."]


def test_the_news_tokenizer_leaves_nupunkts_shared_model_alone() -> None:
    assert news_tokenizer().parameters is not nupunkt.load("default").parameters


STORY = (
    "Steel duties were imposed by the U.S.A. Trade Minister Elin Vasko said they would cost jobs. "
    "The hearing on the duties ended at 5 p.m. Officials then left the building without comment. "
    "Interest rates will rise next month, according to the central bank. Vasko said the rise was overdue. "
    "The benchmark rate is now held by the Fed. Powell said it would stay there for a year."
)


def test_summary_sentences_of_a_story_with_such_boundaries_are_single_sentences() -> None:
    articles = [
        Article(id="wire", text=STORY, outlet="Wire"),
        Article(id="daily", text=STORY.replace("cost jobs", "cost many jobs"), outlet="Daily"),
    ]
    brief = make_brief(articles, BriefOptions(words=60, analyze=False))
    assert brief.summary.sentences
    for sentence in brief.summary.sentences:
        assert len(split_spans(sentence.text)) == 1, sentence.text
        assert not re.search(r"(?:U\.S\.A\.|p\.m\.|bank\.|Fed\.) [A-Z]", sentence.text), sentence.text
