"""The title, lead, time span and junk test every surface shares (``newsbrief.story_title``)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from newsbrief import story_title as story_title_module
from newsbrief.model import Article
from newsbrief.story_title import headline, is_junk, story_lead, story_title, time_span

FLOOD = (
    "Floodwater closed the main bridge in Corbridge on Sunday after two days of heavy rain. "
    "The river rose more than two metres overnight, the county council said. "
    "About 300 homes were evacuated and schools will stay shut on Monday."
)
FEATURE = (
    "It was a quiet morning until the sirens started. "
    "Floodwater closed the Corbridge bridge on Sunday as the river rose two metres after heavy rain. "
    "Residents of about 300 homes were told to leave."
)
VIDEO = (
    "CLOSE Floodwater closes the Corbridge bridge as the river rises after heavy rain. "
    "The county council said about 300 homes were evacuated on Sunday and that schools would stay shut. "
    "Engineers will inspect the bridge once the water falls."
)


def _article(aid: str, text: str, title: str = "", outlet: str = "") -> Article:
    return Article(id=aid, text=text, title=title, outlet=outlet or aid)


def test_headline_drops_page_furniture_and_site_names() -> None:
    assert headline(_article("a", VIDEO)).startswith("Floodwater closes the Corbridge bridge")
    assert headline(_article("a", FLOOD, "WATCH: Corbridge bridge shut by flood | Reuters")) == (
        "Corbridge bridge shut by flood"
    )
    assert headline(_article("a", FLOOD, "Corbridge bridge shut by flood - The Daily Post")) == (
        "Corbridge bridge shut by flood"
    )


def test_a_feature_opening_is_never_the_headline() -> None:
    # "It was a quiet morning …" sets a scene; the next sentence says what happened
    assert headline(_article("a", FEATURE)).startswith("Floodwater closed the Corbridge bridge on Sunday")


def test_a_long_opening_is_cut_to_headline_length() -> None:
    long = "Floodwater " + " ".join(["closed the bridge and the road and the rail line"] * 4) + " on Sunday."
    title = headline(_article("a", long + " " + FLOOD))
    assert title.endswith("…") and len(title.split()) == 16


def test_the_headline_outlets_share_wins() -> None:
    shared = "Corbridge bridge closed by flood"
    arts = [
        _article("a", FLOOD, shared, "Post"),
        _article("b", VIDEO, shared, "Courier"),
        _article("c", FEATURE, "Quiet morning ends in evacuation", "Times"),
    ]
    assert story_title(arts) == shared


def test_else_the_most_central_headline_and_order_never_matters() -> None:
    arts = [
        _article("a", FLOOD, "Corbridge flood: bridge closed, 300 homes evacuated", "Post"),
        _article("b", VIDEO, "Corbridge bridge closed as river rises", "Courier"),
        _article("c", FEATURE, "A morning of sirens", "Times"),
    ]
    titles = {story_title(list(order)) for order in itertools.permutations(arts)}
    assert len(titles) == 1
    assert titles.pop() != "A morning of sirens"  # shares fewest words with the other reports


def test_without_titles_the_most_central_opening_is_the_title() -> None:
    arts = [_article("a", FEATURE), _article("b", VIDEO), _article("c", FLOOD)]
    title = story_title(arts)
    assert title and not title.startswith(("It was", "CLOSE"))


def test_without_any_headline_the_most_central_opening_words_in_any_order() -> None:
    # every opening leans on what came before: no headline anywhere, yet a title, the same in any order
    arts = [
        _article("a", "It rained for two days. They closed the Corbridge bridge. It flooded 300 homes."),
        _article(
            "b", "It was the Corbridge flood. They shut the bridge on Sunday. He said 300 homes flooded."
        ),
        _article("c", "It was a quiet morning. They heard sirens. He ran to the shop for bread and milk."),
    ]
    titles = {story_title(list(order)) for order in itertools.permutations(arts)}
    assert titles == {
        "It was the Corbridge flood. They shut the bridge on Sunday. He said 300 homes flooded."
    }


def test_a_short_widget_page_offers_no_title_when_articles_exist() -> None:
    widget = "Add a location to your posts. You can share your city with followers."
    arts = [
        _article("w", widget, "Share your location", "social"),
        _article("a", f"{FLOOD} {VIDEO[6:]} {FEATURE[49:]}"),
    ]
    assert story_title(arts).startswith("Floodwater closed the main bridge")


def test_a_widget_page_has_no_say_in_which_headline_is_central() -> None:
    # a batch run keeps the widget page a story of its own; a brief of the files that hold it must
    # still title the two reports as the stored story of them is titled
    rates = (
        "The regional water board voted on Tuesday to raise rates for households in Almora county by "
        "nine percent next year, citing repairs to the Tessel reservoir dam. Board chair Mira Okonjo said "
        "the increase would cost a typical household about four dollars a month."
    )
    dam = (
        "Households in Almora county will pay nine percent more for water next year after the regional "
        "water board approved the rise on Tuesday. The board said the money pays for repairs to the "
        "Tessel reservoir dam, and filters at the treatment plant must also be replaced."
    )
    arts = [
        _article("a", rates, "Almora households face nine percent water rise", "Post"),
        _article("b", dam, "Tessel dam repairs push up bills", "Courier"),
    ]
    widget = _article("w", "Tessel dam repairs push bills up. Share on Facebook.", "", "social")
    assert (
        story_title([*arts, widget]) == story_title(arts) == "Almora households face nine percent water rise"
    )


def test_lead_is_a_central_sentence_other_than_the_title() -> None:
    arts = [_article("a", FLOOD, "Corbridge bridge closed by flood"), _article("b", VIDEO)]
    lead = story_lead(arts, "Corbridge bridge closed by flood")
    assert lead.endswith(".") and lead != "Corbridge bridge closed by flood"
    no_repeat = story_lead([_article("a", FLOOD)], "Floodwater closed the main bridge in Corbridge on Sunday")
    assert not no_repeat.startswith("Floodwater closed the main bridge")


def test_time_span_is_one_date_for_one_day() -> None:
    morning = datetime(2015, 3, 23, 8, tzinfo=UTC)
    assert time_span(morning, morning.replace(hour=20)) == "2015-03-23"
    assert time_span(morning, datetime(2015, 3, 25, tzinfo=UTC)) == "2015-03-23 to 2015-03-25"
    assert time_span(None, None) == ""


def test_junk_is_a_lone_short_page() -> None:
    widget = _article("w", "Add a location to your posts. You can share your city with followers.")
    assert is_junk([widget])
    assert not is_junk([_article("a", FLOOD * 3)])
    assert not is_junk([widget, _article("a", FLOOD)])  # a story of two pages is judged by clustering


def test_a_headline_from_an_opening_drops_its_attribution() -> None:
    text = "The Linden Bay ferry will add four evening crossings from next week, the transit office said on Tuesday. "
    assert (
        headline(_article("a", text + FLOOD))
        == "The Linden Bay ferry will add four evening crossings from next week"
    )
    short = "Twelve people were hurt, police in Corbridge said. " + FLOOD
    # bare, it would be too short to say what happened: the attribution stays
    assert headline(_article("b", short)) == "Twelve people were hurt, police in Corbridge said"


def test_markup_and_capitals_are_no_headline() -> None:
    slug = "&UR; NEWS SERVICE &QC; (Distributed by a syndicate)"
    assert headline(_article("a", FLOOD, slug)).startswith("Floodwater closed the main bridge")
    assert headline(_article("b", FLOOD, "CORBRIDGE FLOOD UPDATE")).startswith("Floodwater closed")
    assert story_lead(
        [_article("c", "&QL; &UR; To publish this article, call the desk at once. " + FLOOD)]
    ) == ("Floodwater closed the main bridge in Corbridge on Sunday after two days of heavy rain.")


def test_only_an_articles_opening_is_read() -> None:
    long = FLOOD + " " + " ".join(["The council met again on Monday to count the cost."] * 200)
    assert headline(_article("a", long)).startswith("Floodwater closed the main bridge")
    one_sentence = (
        "Floodwater closed the main bridge in Corbridge on Sunday after two days of heavy rain " * 40
    )
    assert headline(_article("b", one_sentence.strip() + ".")) == ""  # cut mid-sentence: nothing offered


def test_a_long_story_is_titled_over_its_earliest_articles_in_any_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the two later reports share a headline, which would win over all four; the window reads the
    # two earliest by date, and an undated report comes last
    monkeypatch.setattr(story_title_module, "TITLE_ARTICLES", 2)
    day, hour = datetime(2025, 3, 4, tzinfo=UTC), timedelta(hours=1)
    told = [
        (
            "z1",
            "Gale closes Tarrow ferry port",
            "The Tarrow ferry port closed on Tuesday as a gale blew in.",
            day,
        ),
        (
            "y2",
            "Lorries stranded at Tarrow port in gale",
            "Hundreds of lorries queued at Tarrow.",
            day + hour * 2,
        ),
        (
            "a3",
            "Tarrow port reopens after gale",
            "Ferries sailed again from Tarrow on Wednesday.",
            day + hour * 24,
        ),
        ("b4", "Tarrow port reopens after gale", "The port of Tarrow reopened once the wind dropped.", None),
    ]
    reports = [
        Article(id=key, title=title, text=text, outlet=f"{key}.example", published=when)
        for key, title, text, when in told
    ]
    first_two = story_title_module.story_title(reports[:2])
    assert story_title_module.story_title(reports) == first_two != "Tarrow port reopens after gale"
    assert story_title_module.story_title(list(reversed(reports))) == first_two
    monkeypatch.setattr(story_title_module, "TITLE_ARTICLES", 200)
    assert story_title_module.story_title(reports) == "Tarrow port reopens after gale"


def test_a_headline_with_a_terminal_escape_is_still_the_headline_two_outlets_share() -> None:
    text = "The Dunmore flour mill burned down on Sunday night after a fire started in the drying room."
    reports = [
        Article(id="m1", title="Fire destroys Dunmore mill\x1b[2J", text=text, outlet="a.example"),
        Article(
            id="m2",
            title="Dunmore flour mill burns down",
            text=text + " Forty workers went home.",
            outlet="b.example",
        ),
        Article(
            id="m3",
            title="Fire destroys Dunmore\u202e mill",
            text=text + " Nobody was hurt.",
            outlet="c.example",
        ),
    ]
    assert story_title(reports) == "Fire destroys Dunmore mill"
