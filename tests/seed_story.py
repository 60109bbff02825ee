"""A 25-article story made at run time from the three seed articles (examples/korea): each of 25
made-up outlets runs a window of one seed's paragraphs, so the story has the shape of a big wire
story (a few independent reports, many trimmed copies of them, one shared headline per report).
Used by the browser tests and benchmarks/screenshots.py; nothing of it is stored in the repository.
"""

from __future__ import annotations

from typing import Any

from seed_pages import SEEDS

OUTLETS = (
    "Harbor Post", "Valley Courier", "Northern Ledger", "Evening Standard-Tribune", "Coastal Times",
    "Metro Daily", "River City Herald", "The Plainsman", "Capital Wire", "Lakeside Gazette",
    "Mountain Observer", "Bay Chronicle", "Prairie News", "Union Register", "Atlantic Dispatch",
    "Pacific Journal", "Summit Record", "Delta Star", "Highland Sentinel", "Orchard Press",
    "Granite Monitor", "Canyon Bulletin", "Seaboard Mail", "Forest Examiner", "Bridge Street Review",
)  # fmt: skip


def story_articles(count: int = 25) -> list[dict[str, Any]]:
    """``count`` article records (the shape ``POST /v1/articles`` takes), 2020-01-13 to 01-15: article
    k leads with a window of seed k mod 3 under that seed's headline and goes on with two paragraphs
    of each other seed, as reports that fold in the other outlets' reporting do."""
    out = []
    for k in range(count):
        seed = SEEDS[k % len(SEEDS)]
        size = 3 + k % 3
        start = (k // len(SEEDS) * 2) % max(1, len(seed.paragraphs) - size)
        paragraphs = list(seed.paragraphs[start : start + size])
        for other in SEEDS:
            if other is not seed:
                at = (k * 3) % (len(other.paragraphs) - 1)
                paragraphs += other.paragraphs[at : at + 2]
        out.append(
            {
                "text": "\n\n".join(paragraphs),
                "title": seed.title,
                "outlet": OUTLETS[k % len(OUTLETS)],
                "url": f"https://example.org/{seed.name}/{k}",
                "published": f"2020-01-{13 + k % 3:02d}T{8 + k % 10:02d}:00:00Z",
            }
        )
    return out


def other_stories() -> list[dict[str, Any]]:
    """Three more stories for the list, in our own words: a two-outlet story over two days, a
    one-article story of one day, and a lone widget page that is no article (left out of the list)."""
    ferry = (
        "The Linden Bay ferry service will add four evening crossings from next week, the transit office "
        "said on Tuesday. The extra boats follow complaints from commuters about crowded decks at rush hour. "
        "Officials said the new timetable would cost the city about 1.2 million dollars a year. "
        "The ferry union welcomed the plan but asked for two more crew members on each boat."
    )
    ferry2 = (
        "Commuters in Linden Bay will get six more evening ferry crossings starting next week, officials "
        "announced. The transit office said crowding at rush hour had become a safety concern. "
        "The added service is expected to cost roughly 1.8 million dollars a year, according to the city budget office. "
        "Union leaders said the boats would need extra crew to run safely."
    )
    library = (
        "The old Linden Bay library reopened on Saturday after a two-year restoration that saved its painted "
        "ceiling. Volunteers spent months cleaning the ceiling panels by hand, the library director said. "
        "The building now has a children's wing, a reading garden and a ramp at the main entrance. "
        "Hundreds of residents queued before the doors opened, and the first book borrowed was a local "
        "history of the harbor written by a retired teacher. The restoration cost 3.4 million dollars, "
        "most of it raised by a residents' trust, and the library will now open on Sundays as well."
    )
    widget = (
        "Add a location to your posts. You can share your city or exact place with your followers. "
        "Learn more about location settings."
    )
    return [
        {"text": ferry, "title": "", "outlet": "Harbor Post", "published": "2024-05-06T09:00:00Z"},
        {"text": ferry2, "title": "", "outlet": "Bay Chronicle", "published": "2024-05-07T10:00:00Z"},
        {"text": library, "title": "", "outlet": "Coastal Times", "published": "2024-05-04T12:00:00Z"},
        {"text": widget, "title": "", "outlet": "social.example", "published": "2024-05-07T11:00:00Z"},
    ]
