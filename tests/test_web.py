"""The web page in a real browser: Debian's chromium, headless, driven by Playwright, against a real
uvicorn server on a free loopback port.

Checks what only a browser can: a citation shows the exact source sentence on screen, at a desktop
width (in the source pane beside the summary) and at a phone's (in a sheet, in place); a speaker's
quotes open; a conflict leads to both outlets' sentences; entity chips highlight their mentions;
the 25-article story's page stays short with its sections collapsed; the story list keeps its
filters in the URL (Back restores them) and leaves junk out; the ad-hoc form works; and hostile
article fields (script tags, event handlers, javascript: URLs) stay text and never run.
Screenshots go to a scratch folder, or to $NEWSBRIEF_SCREENSHOTS (benchmarks/screenshots.py
writes the ones in docs/screenshots).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from seed_story import other_stories, story_articles

CHROMIUM = "/usr/bin/chromium"
# Screenshots land in a scratch folder; NEWSBRIEF_SCREENSHOTS=docs/screenshots refreshes the docs.
SHOTS = Path(os.environ.get("NEWSBRIEF_SCREENSHOTS") or tempfile.gettempdir() + "/newsbrief-screenshots")

pytestmark = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None,
    reason=f"{CHROMIUM} is missing (apt-get install chromium); the browser tests need Debian's chromium",
)

FLAG = "window.__pwned = (window.__pwned || 0) + 1"
HOSTILE = [
    f"<script>{FLAG}</script>",
    f'<img src=x onerror="{FLAG}">',
    f"javascript:{FLAG}",
    f'"><svg onload="{FLAG}">',
]


def hostile_articles() -> list[dict[str, Any]]:
    """Three short articles about one event with a payload in every field a page shows."""
    bodies = [
        "The harbor bridge in Portmere will close for repairs on Monday, city officials said. "
        "The closure is expected to last three weeks while crews replace worn cables. "
        "Commuters were told to use the ferry service, which will add extra crossings.",
        "Portmere officials said the harbor bridge closes on Monday for three weeks of cable repairs. "
        "Extra ferry crossings will run during the closure, according to the transit office. "
        "Local shops fear fewer customers while the bridge is shut.",
        "Repairs will shut the Portmere harbor bridge from Monday, the city said on Friday. "
        "Engineers found corroded cables during an inspection last month. "
        "The ferry service will add crossings for commuters.",
    ]
    out = []
    for i, body in enumerate(bodies):
        payload = HOSTILE[i % len(HOSTILE)]
        out.append(
            {
                "text": f"{body} A reader wrote {payload} in a comment.",
                "title": f"Bridge closure {payload}",
                "outlet": f"Outlet {i} {HOSTILE[(i + 1) % len(HOSTILE)]}",
                "url": f"javascript:{FLAG}" if i != 1 else "https://example.org/bridge",
                "published": f"2024-03-0{i + 1}T08:00:00Z",
            }
        )
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A real uvicorn server in a thread, on a loopback socket bound and listening before it starts:
    the kernel queues connections until the server accepts them, so nothing waits for it to start."""
    import uvicorn

    from newsbrief.serve import create_app

    db = tmp_path_factory.mktemp("serve") / "news.sqlite"
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", db
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def server(served: tuple[str, Path]) -> str:
    return served[0]


@pytest.fixture(scope="module")
def stories(server: str) -> dict[str, str]:
    """The stored stories: the 25-article one ("big"), the ferry story with a conflict ("ferry"), the
    library story ("library"), by id; the widget page is stored too."""
    added = httpx.post(f"{server}/v1/articles", json=story_articles() + other_stories(), timeout=120)
    assert added.status_code == 200, added.text
    listed = httpx.get(f"{server}/v1/stories", params={"limit": 100}, timeout=60).json()["stories"]
    found = {
        "big": max(listed, key=lambda s: s["articles"])["id"],
        "ferry": next(s["id"] for s in listed if "Bay Chronicle" in s["outlets"] and s["articles"] == 2),
        "library": next(s["id"] for s in listed if s["outlets"] == ["Coastal Times"]),
    }
    assert next(s for s in listed if s["id"] == found["big"])["articles"] == 25
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


class Watch:
    """Collects what must not happen on a page: dialogs, console CSP violations, page errors."""

    def __init__(self, page: Any) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.csp: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._console)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, msg: Any) -> None:
        if "Content Security Policy" in msg.text:
            self.csp.append(msg.text)


def _page(browser: Any, width: int) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 900 else 844})
    pg = context.new_page()
    pg.set_default_timeout(300_000)  # a story page waits for its brief (models, 25 articles)
    yield pg
    context.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    yield from _page(browser, 1400)


@pytest.fixture(params=[1400, 390], ids=["desktop", "phone"])
def any_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    yield from _page(browser, request.param)


def _assert_inert(page: Any, watch: Watch) -> None:
    assert page.evaluate("window.__pwned === undefined"), "an injected script ran"
    assert watch.dialogs == []
    assert watch.errors == []
    assert page.locator("#brief img, #brief svg, #brief script").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if not re.match(r"^(/|https?://|#)", h)], hrefs


def _words(text: str) -> str:
    return " ".join(text.split())


# The highlighted sentence a reader sees: on screen, and not covered by anything (the element at
# its centre is the sentence itself or inside it).
_SHOWN_HIGHLIGHTS = """() => Array.from(document.querySelectorAll('.sent.hl')).filter(el => {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) return false;
  const line = el.getClientRects()[0];  // its first line box: a point inside it is inside the text
  const at = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
  return at !== null && (at === el || el.contains(at));
}).map(el => el.textContent)"""


def _shown_highlights(page: Any) -> list[str]:
    return [_words(t) for t in page.evaluate(_SHOWN_HIGHLIGHTS)]


def _follow(page: Any, link: Any, expected: str) -> None:
    """Click a citation: the sentence it cites is highlighted and on screen, whatever the width."""
    link.scroll_into_view_if_needed()
    link.click()
    shown = _shown_highlights(page)
    assert shown, "no highlighted sentence on screen"
    assert _words(expected) in shown, (expected, shown)


def _open_story(page: Any, server: str, story_id: str) -> None:
    page.goto(f"{server}/stories/{story_id}")
    page.wait_for_selector("#brief[data-ready='1']")


def _check_citation_highlights(page: Any) -> None:
    """Clicking a summary citation highlights exactly the cited sentence, on screen."""
    first = page.locator("ol.summary li").first
    _follow(page, first.locator(":scope > a.cite").first, first.locator(".stext").inner_text())


def test_citation_shows_its_sentence_on_screen(server: str, stories: dict[str, str], any_page: Any) -> None:
    """At 1400 px the sentence is in the sticky source pane; at 390 px it opens in a sheet in place
    (before, a phone scrolled 11,000 px down to the sources and the sentence was still not in view)."""
    watch = Watch(any_page)
    _open_story(any_page, server, stories["big"])
    lines = any_page.locator("ol.summary li")
    assert lines.count() >= 3
    for k in (lines.count() - 1, 0):  # the last line first: its sources lie deepest in the page
        line = lines.nth(k)
        cites = line.locator(":scope > a.cite")  # its own sources (not "also" or "related" ones)
        _follow(any_page, cites.nth(cites.count() - 1), line.locator(".stext").inner_text())
    width = any_page.viewport_size["width"]
    assert any_page.locator(".sheet").count() == (1 if width <= 900 else 0)
    assert watch.errors == [] and watch.csp == []


def test_big_story_page_is_short_with_sections_collapsed(
    server: str, stories: dict[str, str], any_page: Any
) -> None:
    _open_story(any_page, server, stories["big"])
    assert any_page.locator(".tabs a.tab").count() == 25
    for name in ("Who said what", "Chronology"):
        section = any_page.locator("details.section", has=any_page.locator(f"summary h2:text-is('{name}')"))
        assert section.count() == 1 and section.get_attribute("open") is None
    height = any_page.evaluate("document.documentElement.scrollHeight")
    assert height < 8000, height  # 47,000 px before sections were collapsed
    # one article's text at a time: the other 24 are not drawn
    assert any_page.locator(".src-article:visible").count() <= 1


def test_a_speakers_quotes_open(server: str, stories: dict[str, str], page: Any) -> None:
    _open_story(page, server, stories["big"])
    card = page.locator(".quotes-card")
    card.locator("details.section > summary").click()
    speaker = card.locator("details.speaker").first
    name = speaker.locator(":scope > summary strong").inner_text()
    assert name and name != "unattributed"
    assert not speaker.locator("li.quote").first.is_visible()
    speaker.locator(":scope > summary").click()
    quotes = speaker.locator("li.quote")
    count = int(speaker.locator(":scope > summary .count").inner_text().split()[0])
    assert quotes.count() == count and quotes.first.is_visible()
    # a quote's citation shows the sentence that quotes it
    quote = quotes.first
    quote.locator("a.cite").first.click()
    opening = " ".join(quote.locator("q").inner_text().split()[:4])  # outlets word the rest differently
    assert opening in " ".join(_shown_highlights(page))


def test_a_conflict_leads_to_both_sources(server: str, stories: dict[str, str], any_page: Any) -> None:
    _open_story(any_page, server, stories["ferry"])
    conflict = any_page.locator("li.conflict").first
    what = conflict.locator("p.what").inner_text()
    assert "differs" in what and "cosine" not in what.lower()
    sides = conflict.locator("blockquote.side")
    assert sides.count() == 2
    outlets = set()
    for k in range(2):
        side = sides.nth(k)
        outlets.add(side.locator(".side-src").inner_text().split("] ", 1)[1])
        _follow(any_page, side.locator("a.cite"), side.locator("p").inner_text())
        if any_page.locator(".sheet").count():
            any_page.locator(".sheet button.close").click()
    assert outlets == {"Harbor Post", "Bay Chronicle"}


def test_entity_chips_highlight_their_mentions(server: str, stories: dict[str, str], page: Any) -> None:
    _open_story(page, server, stories["big"])
    assert page.locator(".entity-group h3:text-is('Places')").count() == 1
    chip = page.locator("a.chip").first
    anchors = chip.get_attribute("data-anchors").split()
    chip.click()
    assert page.locator(".sent.mention").count() == len(anchors)
    active = page.locator(".src-article.active")
    assert active.count() == 1 and active.locator(".sent.mention").count() >= 1
    # only the summary's sources are tinted as cited, never an entity's mentions
    cited = set(page.eval_on_selector_all(".sent.cited", "els => els.map(e => '#' + e.id)"))
    summary = set(page.eval_on_selector_all("ol.summary a.cite", "els => els.map(e => e.hash)"))
    assert cited and cited <= summary
    assert not set(f"#{a}" for a in anchors) <= cited


def test_story_list_reads_as_a_list_and_keeps_its_state_in_the_url(
    served: tuple[str, Path], stories: dict[str, str], page: Any
) -> None:
    server, db = served
    watch = Watch(page)
    page.goto(f"{server}/")
    items = page.locator("li.story")
    titles = items.locator("a.title").all_inner_texts()
    assert len(titles) == 3 and "Add a location" not in " ".join(titles)  # the widget page is left out
    assert "left out" in page.locator("#list-status").inner_text()
    assert page.locator("h2.day").count() == 3  # one heading per day, newest first
    library = items.filter(has=page.locator("a.title", has_text="library"))
    assert library.locator("p.lead").count() == 1
    coverage = library.locator(".coverage").inner_text()
    assert "1 independent outlet" in coverage and "2024-05-04" in coverage and " to " not in coverage
    big = items.filter(has=page.locator(f"a[href='/stories/{stories['big']}']"))
    assert "25 independent outlets" in big.locator(".coverage").inner_text()
    # the same title in the list, the page, the API, the brief and `newsbrief stories`
    title = big.locator("a.title").inner_text()
    md = httpx.get(f"{server}/v1/stories/{stories['big']}/brief", params={"format": "md"}, timeout=300).text
    assert md.startswith(f"# {title}\n")
    from click.testing import CliRunner

    from newsbrief.cli import cli

    listed = CliRunner().invoke(cli, ["stories", "--db", str(db)])
    assert listed.exit_code == 0 and title in listed.stdout

    page.fill("input[name=q]", "ferry")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"q=ferry"))
    assert page.locator("li.story").count() == 1
    page.locator("li.story a.title").click()
    page.wait_for_selector("#brief[data-ready='1']")
    page.go_back()
    page.wait_for_url(re.compile(r"q=ferry"))
    assert page.input_value("input[name=q]") == "ferry"
    assert page.locator("li.story").count() == 1
    assert watch.errors == [] and watch.csp == []


def test_adhoc_form_renders_brief_and_highlights_citation(server: str, page: Any) -> None:
    watch = Watch(page)
    page.goto(f"{server}/brief")
    page.fill("textarea[name=articles]", json.dumps(hostile_articles()))
    page.click("button[type=submit]")
    page.wait_for_selector("#brief[data-ready='1']")
    assert page.locator("ol.summary li").count() >= 1
    # the two-column layout: sources beside the summary
    main_box = page.locator(".col-main").bounding_box()
    side_box = page.locator(".col-source").bounding_box()
    assert side_box["x"] > main_box["x"] + main_box["width"] - 1
    _check_citation_highlights(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "adhoc-brief.png"), full_page=True)
    _assert_inert(page, watch)
    assert watch.csp == []


def test_hostile_fields_stay_text(server: str, page: Any) -> None:
    watch = Watch(page)
    page.goto(f"{server}/brief")
    page.fill("textarea[name=articles]", json.dumps(hostile_articles()))
    page.click("button[type=submit]")
    page.wait_for_selector("#brief[data-ready='1']")
    # the payloads are shown, literally, as text
    assert "<script>" in page.locator("#brief h1").inner_text()
    tabs = " ".join(page.locator(".tabs a.tab").all_inner_texts())
    assert "onerror" in tabs
    for i in range(page.locator(".tabs a.tab").count()):
        page.locator(".tabs a.tab").nth(i).click()
        assert "Bridge closure" in page.locator(".src-article.active h3").inner_text()
    _assert_inert(page, watch)


def test_adhoc_form_reports_errors(server: str, page: Any) -> None:
    page.goto(f"{server}/brief")
    page.fill("textarea[name=articles]", '[{"title": "no text here"}]')
    page.click("button[type=submit]")
    page.wait_for_selector("#brief[data-ready='error']")
    message = page.locator("#brief .error").inner_text()
    assert "body[0]" in message and "text" in message


def test_stored_hostile_story_page(server: str, stories: dict[str, str], page: Any) -> None:
    watch = Watch(page)
    stored = httpx.post(f"{server}/v1/articles", json=hostile_articles(), timeout=60)
    assert stored.status_code == 200, stored.text
    story_id = stored.json()["stories"][0]
    _open_story(page, server, story_id)
    _check_citation_highlights(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "hostile-story.png"), full_page=True)
    _assert_inert(page, watch)
    assert watch.csp == []


def test_unknown_story_page_is_404(server: str) -> None:
    assert httpx.get(f"{server}/stories/nosuchstory", timeout=30).status_code == 404


def test_static_brief_is_the_served_markup_and_works_without_script(
    server: str, stories: dict[str, str], page: Any, tmp_path: Path
) -> None:
    from newsbrief.render_html import brief_markup

    static = httpx.get(
        f"{server}/v1/stories/{stories['ferry']}/brief", params={"format": "html"}, timeout=300
    )
    served = httpx.get(f"{server}/stories/{stories['ferry']}", timeout=300)
    assert brief_markup(static.text) in served.text  # one renderer: the same markup
    saved = tmp_path / "brief.html"
    saved.write_text(static.text, encoding="utf-8")
    watch = Watch(page)
    page.goto(saved.as_uri())
    assert page.locator("script").count() == 0
    line = page.locator("ol.summary li").first
    line.locator(":scope > a.cite").first.click()  # a plain link: CSS :target shows the sentence
    target = page.locator(".sent:target")
    assert target.count() == 1 and target.is_visible()
    assert _words(target.inner_text()) == _words(line.locator(".stext").inner_text())
    assert watch.errors == []


@pytest.mark.parametrize("width", [1400, 390])
def test_a_word_longer_than_the_column_never_widens_the_page(
    browser: Any, width: int, tmp_path: Path
) -> None:
    """A pasted URL or a run of letters in a title, outlet or sentence wraps inside its column; the
    page never scrolls sideways (before, a 300-letter word made a 390 px page 5,500 px wide)."""
    from newsbrief.model import Article, Brief, Citation, Stats, Story, Summary, SummarySentence
    from newsbrief.render import render

    long = "https://example.com/" + "a" * 300
    text = f"The budget is published at {long} for residents to read."
    outlet = "o" * 200 + ".example"
    brief = Brief(
        story=Story(id="s", article_ids=("a",), title="Budget " + "B" * 300),
        articles=(Article(id="a", text=text, title="T" * 300, outlet=outlet),),
        summary=Summary((SummarySentence(text, (Citation("a", 0, 0, len(text)),), (outlet,)),), "test", 10),
        stats=Stats(articles=1, outlets=1, sentences=1, words=10),
    )
    saved = tmp_path / "brief.html"
    saved.write_text(render(brief, "html"), encoding="utf-8")
    for pg in _page(browser, width):
        pg.goto(saved.as_uri())
        scroll, client = pg.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, (scroll, client)
