"""The timeline lists events, not date mentions: tense from the governing verb, the article's own
clock as the base, one entry per event (never a fragment), one entry per event across outlets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from newsbrief.analyze.timeline import MAX_EVENTS, build_timeline
from newsbrief.datefind import article_base, find_dates
from newsbrief.model import Article, TimelineEvent
from newsbrief.order import order_articles
from newsbrief.pipeline import make_docs

TUESDAY = datetime(2024, 9, 10, 9, 0, tzinfo=UTC)


def _timeline(*texts: str, published: datetime | None = TUESDAY) -> tuple[TimelineEvent, ...]:
    articles = [
        Article(id=f"a{k}", text=t, title="", outlet=f"outlet{k}.example", published=published)
        for k, t in enumerate(texts)
    ]
    return build_timeline(make_docs(order_articles(articles)))


def _date_of(timeline: tuple[TimelineEvent, ...], words: str) -> str:
    (event,) = [e for e in timeline if words in e.text]
    return event.date


def test_a_past_verb_looks_back_and_a_future_one_ahead() -> None:
    timeline = _timeline(
        "Storm Idris struck the southern coast on Saturday and is expected to weaken over land.\n"
        "The prime minister flew to the port city of Varna on Sunday to see the damage.\n"
        "One fisherman was taken to a hospital Monday with a broken leg.\n"
        "Regional leaders will meet on Friday to plan the rebuilding of the harbour."
    )
    assert _date_of(timeline, "struck the southern coast") == "2024-09-07"
    assert _date_of(timeline, "flew to the port city") == "2024-09-08"
    assert _date_of(timeline, "taken to a hospital") == "2024-09-09"
    assert _date_of(timeline, "will meet on Friday") == "2024-09-13"


def test_reported_speech_would_is_ahead_of_the_article() -> None:
    monday = datetime(2024, 2, 12, 15, 0, tzinfo=UTC)
    timeline = _timeline(
        "The mayor said on Monday that the bridge would reopen to traffic in May after repairs.",
        published=monday,
    )
    (may,) = [e for e in timeline if e.precision == "month"]
    assert may.date == "2024-05"
    assert "reopen" in may.text


def test_the_cue_word_fallback_reads_irregular_past_verbs() -> None:
    # find_dates without a parse (as claims calls it): "flew" looks back, "to" is no future cue
    assert [
        x.date for x in find_dates("He flew to the port city of Varna on Sunday.", date(2024, 9, 10))
    ] == ["2024-09-08"]


def test_a_sentence_with_several_dates_of_one_event_is_listed_once() -> None:
    timeline = _timeline(
        "Anna Berg served as the city's mayor from 2010 to 2014 and never lost an election.\n"
        "The two leaders met three times: first in Oslo, in June 2018; in Riga, in February 2019; "
        "and a final time at the border in June 2019."
    )
    assert [e.date for e in timeline if "mayor" in e.text] == ["2010"]
    assert len([e for e in timeline if "met three times" in e.text]) == 1


def test_a_clause_fragment_is_never_an_entry() -> None:
    timeline = _timeline(
        "The ferry sailed at dawn on Saturday with 40 passengers aboard; and a final time at noon on Sunday.\n"
        "and a final time at the harbour on Monday, the crew waved."
    )
    assert timeline
    for event in timeline:
        assert event.text[0].isupper(), event.text
        assert not event.text.lower().startswith("and ")


def test_relative_dates_resolve_on_the_articles_own_clock() -> None:
    late_evening = datetime(2024, 9, 10, 23, 30, tzinfo=timezone(timedelta(hours=-7)))  # 2024-09-11 in UTC
    timeline = _timeline(
        "Police said the suspect was arrested yesterday after a long car chase.", published=late_evening
    )
    assert _date_of(timeline, "arrested yesterday") == "2024-09-09"


def test_the_same_event_from_two_outlets_is_one_entry() -> None:
    timeline = _timeline(
        "Firefighters contained the blaze at the Kestrel paper mill on Sunday, the fire department said.",
        "On Sunday, crews contained a fire at the Kestrel paper mill after eight hours.",
    )
    sunday = [e for e in timeline if e.date == "2024-09-08"]
    assert len(sunday) == 1
    assert {c.article_id for c in sunday[0].citations} == {"a0", "a1"}


def test_an_undated_article_is_dated_by_a_date_it_states_unless_a_later_year_follows() -> None:
    (dated,) = make_docs(
        [
            Article(
                id="x",
                text="Firefighters on Thursday, March 9, 2023, were still damping down the warehouse.",
                title="",
            )
        ]
    )
    assert article_base(dated) == date(2023, 3, 9)
    (obituary,) = make_docs(
        [
            Article(
                id="y",
                text="He was born on October 3, 1952, in Leeds. In 2009 he published a history of canals.",
                title="",
            )
        ]
    )
    assert article_base(obituary) is None  # a birth date is not the day the obituary was written


def test_a_year_less_day_takes_the_year_the_narrative_stated() -> None:
    timeline = _timeline(
        "In May 2016, vets in Fresno noted a run of cases of lameness among riding horses.\n"
        "On June 14, the state farm bureau alerted the federal agency about the cases.",
        published=None,
    )
    assert _date_of(timeline, "alerted the federal agency") == "2016-06-14"


def test_date_kinds_a_range_and_a_holiday() -> None:
    base = date(2018, 1, 3)
    assert [(x.date, x.precision) for x in find_dates("She was rector between 1998-2004.", base)] == [
        ("1998", "year")
    ]
    assert [x.date for x in find_dates("Halifax marked the New Year with a new parking fee.", base)] == [
        "2018-01-01"
    ]
    assert find_dates("The Lunar New Year falls in February this time.", None) == []


def test_the_timeline_is_capped_and_keeps_what_outlets_share() -> None:
    history = "\n".join(
        f"In {year}, the Harbour Trust opened its {n}th warehouse on the eastern quay."
        for n, year in enumerate(range(2001, 2013), 4)
    )
    shared = "The Harbour Trust chairman Ivo Petrov resigned on Monday after a vote of the board."
    timeline = _timeline(
        history + "\n" + shared, "Ivo Petrov resigned as chairman of the Harbour Trust on Monday."
    )
    assert len(timeline) <= MAX_EVENTS
    (monday,) = [e for e in timeline if e.date == "2024-09-09"]
    assert {c.article_id for c in monday.citations} == {"a0", "a1"}
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)


def test_an_embedded_post_is_an_event_on_its_date() -> None:
    text = (
        "The console maker unveiled its new camera in front of reviewers.\n"
        "The new camera never sleeps. It hears every word you say. — Dana Reyes (@danareyes) June 3, 2024\n"
        "The camera goes on sale in the autumn, the company said."
    )
    timeline = _timeline(text, published=None)
    posts = [e for e in timeline if "Dana Reyes" in e.text]
    assert [e.date for e in posts] == ["2024-06-03"]
    assert posts[0].text.startswith("The new camera never sleeps.")


def test_a_number_naming_a_road_or_a_work_is_no_date() -> None:
    timeline = _timeline(
        "Route 2026 connects the capital to the coast and was closed by floods on Monday.\n"
        "The county library board removed George Orwell's 1984 from its shelves on Tuesday.\n"
        "The library first opened in 1984, the board said."
    )
    years = {e.date for e in timeline if len(e.date) == 4}
    assert "2026" not in years
    (opened,) = [e for e in timeline if e.date == "1984"]
    assert "first opened" in opened.text


def test_a_weekday_on_the_storys_date_is_the_nearest_one() -> None:
    # neither article is dated; one states the crash's date, the other only weekdays
    timeline = _timeline(
        "The Concorde crashed outside Paris on July 25, 2000, shortly after takeoff from the airport.",
        "Investigators reported Wednesday that the pilot had radioed the failure of one engine.\n"
        "Two engines had been checked by mechanics on Monday before the flight, the airline said.",
        published=None,
    )
    # the article is written on or after the story's day: Wednesday is the day after the Tuesday
    # crash, not six days before it; Monday, one day before, stays behind
    assert _date_of(timeline, "Investigators reported Wednesday") == "2000-07-26"
    assert _date_of(timeline, "checked by mechanics on Monday") == "2000-07-24"
    # an article that states its own date counts back from it, as before
    (found,) = find_dates("Investigators reported Wednesday that the pilot radioed.", date(2000, 7, 25))
    assert found.date == "2000-07-19"


def test_a_date_on_a_participle_modifying_a_noun_dates_the_noun_not_the_sentence() -> None:
    timeline = _timeline(
        "In Varna, the union asked for relief from fuel taxes imposed between 2016 and 2017 in "
        "exchange for a pledge to keep the port open.\n"
        "Police questioned a man arrested Sunday near the harbour in Varna.\n"
        "The council voted on Monday to repeal a parking law passed in 1998 by the previous council."
    )
    # the taxes were imposed in 2016, the union asked now; the man was arrested on Sunday
    assert not [e for e in timeline if e.date.startswith("2016") or e.date == "1998"]
    assert not [e for e in timeline if "Police questioned" in e.text]
    # the sentence's own date stays
    assert _date_of(timeline, "The council voted on Monday") == "2024-09-09"


def test_a_forecasts_deadline_after_a_past_verb_lies_ahead() -> None:
    friday = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
    timeline = _timeline(
        "Forecasters warned of a further 15 cm of snow by Saturday evening across the Marlow region.\n"
        "Police had arrested three men by Wednesday evening in the town of Marlow.\n"
        "Forecasters warned on Thursday of heavy snow across the Marlow region.",
        published=friday,
    )
    assert _date_of(timeline, "a further 15 cm") == "2025-01-11"
    assert _date_of(timeline, "arrested three men") == "2025-01-08"
    assert _date_of(timeline, "warned on Thursday") == "2025-01-09"


def test_a_records_baseline_year_is_no_event_of_that_year() -> None:
    timeline = _timeline(
        "The Vesna river reached 6.8 metres on Tuesday, its highest level since 1997, officials said.\n"
        "The town's flood wall was completed in 2015 after years of delays."
    )
    assert "1997" not in {e.date for e in timeline}
    assert _date_of(timeline, "reached 6.8 metres") == "2024-09-10"
    assert _date_of(timeline, "flood wall") == "2015"


def test_a_date_in_a_relative_clause_shows_the_clause_not_the_sentence() -> None:
    timeline = _timeline(
        "Benning, who led the city from 2009 to 2017, had faced up to 10 years in prison.\n"
        "Police said the ferry, which sank on Sunday, had been checked in May."
    )
    # the date is of the relative clause: shown with the noun it describes, never as the date of
    # "had faced up to 10 years"
    (led,) = [e for e in timeline if e.date == "2009"]
    assert led.text == "Benning, who led the city from 2009 to 2017"
    (sank,) = [e for e in timeline if e.date == "2024-09-08"]
    assert sank.text == "the ferry, which sank on Sunday"


def test_a_note_to_the_wires_clients_is_no_event() -> None:
    timeline = _timeline(
        "The weekend features for release Saturday, March 4, 2017 went out today to clients of the Lakeside News Service.\n"
        "The council voted on Saturday, March 4, 2017 to close the old bridge."
    )
    assert [e.text for e in timeline if "clients" in e.text] == []
    assert any("council voted" in e.text for e in timeline)
