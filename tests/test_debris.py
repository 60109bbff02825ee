from newsbrief.debris import MIN_WORDS, reason, text_reason
from newsbrief.model import Article

# a made-up report, about 70 words: an article by any rule
REPORT = (
    "The harbour authority of Velmar closed the northern port on Friday after a cargo ship lost "
    "power and drifted onto a sandbank near the entrance channel. Tugboats from two neighbouring "
    "towns spent the night trying to pull the vessel free, and the crew of fourteen stayed on board. "
    "Officials said no fuel had leaked, but ferries to the islands were cancelled until Monday."
)


def test_a_news_report_is_not_debris() -> None:
    assert len(REPORT.split()) >= MIN_WORDS
    assert reason(Article(id="a", text=REPORT)) is None


def test_untitled_pages_under_fifty_words_are_debris_unless_they_are_wire_briefs() -> None:
    caption = "Rescue workers carry a child from the flooded village of Ostvik on Tuesday. (Photo: Reuters)"
    assert text_reason(caption) == "short"
    tweet = "Thoughts with everyone in Velmar tonight. Stay safe and listen to the harbour authority. #storm"
    assert text_reason(tweet) == "short"
    wire = "VELMAR, March 3 (Reuters) -- " + " ".join(REPORT.split()[:25])
    assert text_reason(wire) is None
    # under a headline a short item is a news-in-brief, not a caption
    brief = " ".join(REPORT.split()[:30])
    assert reason(Article(id="b", text=brief, title="Ship aground at Velmar")) is None
    assert reason(Article(id="c", text=brief)) == "short"


def test_pages_that_are_mostly_site_chrome_are_debris_however_long() -> None:
    archive = (
        "These crawls are part of an effort to archive pages as they are created and archive the pages "
        "that they refer to. The Wayback Machine of the Internet Archive keeps every crawl it makes. "
        "Starting in 2001, a web crawler has been donating its crawl data to the archive every day. "
        "Flowing in every day, these data are added to the Internet Archive after an embargo period. "
        "Please visit the archive's home page to learn more."
    )
    assert len(archive.split()) >= MIN_WORDS
    assert text_reason(archive) == "boilerplate"
    player = (
        "The interactive transcript could not be loaded. Rating is available when the video has been "
        "rented. This feature is not available right now. Please try again later. "
    ) * 3
    assert text_reason(player) == "boilerplate"


def test_a_news_services_sales_notice_is_debris_but_a_story_that_ends_with_one_is_not() -> None:
    notice = (
        "(To publish this story, it must be purchased from the Northern Features Syndicate; the rate "
        "is modest. Call the syndicate's sales desk in Velmar at 555-0100, fax 555-0199, or write to "
        "the sales office, 12 Harbour Road, Velmar, for rates and terms of use in print and online.) "
        "(The desk also has information on how to subscribe to the weekly features package, stories "
        "on farming, fishing and small towns.)"
    )
    assert len(notice.split()) >= MIN_WORDS
    assert text_reason(notice) == "boilerplate"
    assert text_reason(REPORT + " " + REPORT + " " + notice) is None


def test_one_chrome_sentence_does_not_make_an_article_debris() -> None:
    assert text_reason(REPORT + " We use cookies to improve your experience on our site.") is None
