"""Date expressions are read once per text: a brief asks for each sentence's dates and each
article's base date several times, and every answer must be the one a fresh reading gives."""

from __future__ import annotations

from datetime import UTC, date, datetime

from newsbrief import datefind
from newsbrief.datefind import article_base, find_dates, story_bases
from newsbrief.model import Article
from newsbrief.pipeline import make_docs

SENTENCES = [
    "The bridge closed on Saturday and will reopen in May, officials said.",
    "The council met on Jan. 11, 2019, and again in March 2019.",
    "Between 1998-2004 the plant doubled its output.",
    "Nobody was hurt.",
    "Last year the harbour flooded twice; yesterday it flooded again.",
]
BASE = date(2024, 9, 10)


def _fresh(
    text: str, base: date | None, offset: int = 0, anchor: date | None = None
) -> list[datefind.DateMention]:
    return datefind._find(text, base, offset, None, anchor)


def test_a_kept_reading_is_the_fresh_one_at_any_offset() -> None:
    for offset in (0, 37, 0, 1200):  # the first call reads, the later ones reuse the reading
        for text in SENTENCES:
            assert find_dates(text, BASE, offset=offset) == _fresh(text, BASE, offset)
            assert find_dates(text, BASE, anchor=date(2014, 8, 1)) == _fresh(
                text, BASE, anchor=date(2014, 8, 1)
            )
            assert find_dates(text, None, offset=offset) == _fresh(text, None, offset)
    shifted = find_dates(SENTENCES[1], BASE, offset=100)
    assert [(x.start, x.end) for x in shifted] == [
        (x.start + 100, x.end + 100) for x in _fresh(SENTENCES[1], BASE)
    ]


def test_the_second_reading_of_a_sentence_is_reused_and_cannot_be_spoiled() -> None:
    text = "The ferry sank on Tuesday, March 5, 2024, off the coast."
    first = find_dates(text, BASE, offset=10)
    hits = datefind._untensed.cache_info().hits
    first.clear()  # a caller's list is its own
    again = find_dates(text, BASE, offset=10)
    assert datefind._untensed.cache_info().hits == hits + 1
    assert again == _fresh(text, BASE, 10) and again


def test_a_tense_reads_the_text_again() -> None:
    text = "The minister will visit on Friday."
    assert find_dates(text, BASE, tense=lambda s, e: "past")[0].date == "2024-09-06"
    assert find_dates(text, BASE, tense=lambda s, e: "future")[0].date == "2024-09-13"


def _article(ident: str, text: str, published: datetime | None = None) -> Article:
    return Article(id=ident, text=text, title="", outlet=f"{ident}.example", published=published)


def test_story_bases_read_each_undated_article_once_and_answer_the_same() -> None:
    docs = make_docs(
        [
            _article("a", "The storm reached the coast on Sept. 4, 2019, and weakened on Friday."),
            _article("b", "Rescuers searched the bay on Monday."),
            _article("c", "Schools reopened on Monday.", published=datetime(2019, 9, 9, 8, tzinfo=UTC)),
        ]
    )
    datefind._BASE_CACHE.clear()
    first = story_bases(docs)
    assert len(datefind._BASE_CACHE) == 2  # the two undated articles; a publication date needs no reading
    assert story_bases(docs) == first
    assert first == [(date(2019, 9, 4), True), (date(2019, 9, 9), True), (date(2019, 9, 9), False)]
    assert len(datefind._BASE_CACHE) == 2


def test_a_changed_text_is_read_again() -> None:
    before = make_docs([_article("a", "The storm reached the coast on Sept. 4, 2019.")])[0]
    after = make_docs([_article("a", "The storm reached the coast on Oct. 2, 2019.")])[0]
    assert article_base(before) == date(2019, 9, 4)
    assert article_base(after) == date(2019, 10, 2)  # same id, new text: not the kept answer
    assert article_base(before) == date(2019, 9, 4)


def test_a_kept_base_is_kept_for_its_day_only() -> None:
    # a stated date after "today" is not trusted; the next day it is
    text = "The trial opens on March 3, 2031."
    assert datefind._stated_base(b"k", "", text, date(2031, 3, 2)) is None
    assert datefind._stated_base(b"k", "", text, date(2031, 3, 3)) == date(2031, 3, 3)


def test_later_after_a_past_verb_is_no_cue_of_the_future() -> None:
    tuesday = date(2025, 3, 4)
    (found,) = find_dates(
        "A woman died later in hospital after a shooting at a bar on Saturday night.", tuesday
    )
    assert found.date == "2025-03-01"
    # a verb of the future still looks ahead, "later" or not
    (found,) = find_dates("The mayor will speak later at a rally on Saturday.", tuesday)
    assert found.date == "2025-03-08"


def test_a_participle_after_a_future_verb_looks_ahead() -> None:
    monday = date(2024, 2, 12)
    # "closed" is no past here: "will stay closed", "would be delayed" tell what is to come
    (found,) = find_dates("Schools will stay closed on Tuesday, the mayor said.", monday)
    assert found.date == "2024-02-13"
    (found,) = find_dates("The vote would be delayed until Thursday, officials said.", monday)
    assert found.date == "2024-02-15"
    (found,) = find_dates("Schools were closed on Tuesday, the mayor said.", monday)
    assert found.date == "2024-02-06"
    # "is believed to have fled": a past of its own
    (found,) = find_dates("The man, who is believed to have fled on Sunday, was armed.", monday)
    assert found.date == "2024-02-11"


def test_a_forecasts_deadline_after_a_past_verb_lies_ahead() -> None:
    friday = date(2025, 1, 10)
    # what forecasters warned of falls by Saturday: the next one, not the one before the telling
    (found,) = find_dates("Forecasters warned of a further 15 cm of snow by Saturday evening.", friday)
    assert found.date == "2025-01-11"
    # the day of the warning itself, and a deadline met in the past, stay behind
    (found,) = find_dates("Forecasters warned on Thursday of heavy snow.", friday)
    assert found.date == "2025-01-09"
    (found,) = find_dates("Police had arrested three men by Wednesday evening.", friday)
    assert found.date == "2025-01-08"


def test_an_article_that_looks_back_years_is_not_dated_by_the_event_it_looks_back_on() -> None:
    slain = make_docs(
        [
            _article(
                "a",
                "A senior officer on Wednesday apologized to the parents of a teenager slain five years "
                "ago. The boy was stabbed at a bus stop in Kelby on April 22, 1993.",
            )
        ]
    )[0]
    # the killing is five years before the article's own day: no base, rather than every
    # weekday five years early
    assert article_base(slain) is None
    # a later year stated beside it, or no looking back, keeps the stated date
    (opened,) = make_docs(
        [_article("b", "The mill, opened in 1990, 31 years ago, closed on March 3, 2021, its owner said.")]
    )
    assert article_base(opened) == date(2021, 3, 3)
    (plain,) = make_docs([_article("c", "The boy was stabbed at a bus stop in Kelby on April 22, 1993.")])
    assert article_base(plain) == date(1993, 4, 22)
