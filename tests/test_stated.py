"""What a sentence states: its values and its dates, read on its article's date."""

from __future__ import annotations

from datetime import date, datetime

from newsbrief.docs import Doc
from newsbrief.model import Article
from newsbrief.pipeline import make_docs
from newsbrief.stated import sentence_dates, sentence_values, tells_future

BASE = date(2024, 2, 12)


def _docs(text: str) -> list[Doc]:
    article = Article(id="a0", text=text, outlet="one.example", title="", published=datetime(2024, 2, 12))
    return make_docs([article])


def test_a_date_of_saying_is_no_value_of_the_fact() -> None:
    docs = _docs("The mayor said on Monday that the bridge cost $12 million.")
    (said,) = sentence_dates(docs, 0, 0, BASE)
    assert said.said
    assert [v.slot for v in sentence_values(docs, 0, 0, BASE)] == [("money", "$")]


def test_a_range_of_dates_is_no_single_value() -> None:
    docs = _docs("From March 4 to Sept. 18, 2019, 40 people fell ill in the valley.")
    assert [v.slot[0] for v in sentence_values(docs, 0, 0, BASE)] == ["count"]


def test_one_told_date_is_a_value_with_its_iso_date() -> None:
    docs = _docs("The bridge will reopen to traffic in May, officials said.")
    (value,) = sentence_values(docs, 0, 0, BASE)
    assert value.slot == ("date", "month") and value.text == "in May (2024-05)"


def test_a_weekday_is_no_reported_future_a_year_ahead() -> None:
    # the "would" tells what she said she would do, not when she ruled it out: last Tuesday
    docs = _docs("The governor ruled out a run on Tuesday, telling reporters she would finish her term.")
    (told,) = sentence_dates(docs, 0, 0, BASE)
    assert told.date == "2024-02-06"
    # a month is still read ahead when a future is reported around it
    docs = _docs("The mayor said on Monday that the old bridge would reopen in January.")
    assert [d.date for d in sentence_dates(docs, 0, 0, BASE) if not d.said] == ["2025-01"]


def test_the_future_of_reported_speech_tells_of_an_event_to_come() -> None:
    assert tells_future("Police said the suspect would appear in court on Wednesday.")
    assert tells_future("A vigil will be held at 5 p.m. on Thursday.")
    assert not tells_future("The suspect appeared in court on Monday, police said.")
    # a past that did not happen is no event to come
    assert not tells_future("Police said the fire would have spread to the school on Monday.")
