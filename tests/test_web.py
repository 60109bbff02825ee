"""The web page in a real browser: Debian's chromium, headless, driven by Playwright, against a real
uvicorn server on a free loopback port.

Checks what only a browser can: the page draws briefs from the API, a citation highlights the exact
source sentence, the ad-hoc form works, and hostile article fields (script tags, event handlers,
javascript: URLs) stay text and never run. Screenshots go to a scratch folder, or to $NEWSBRIEF_SCREENSHOTS.
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
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
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
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()


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


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)  # the first brief loads the embedding model
    yield pg
    context.close()


def _assert_inert(page: Any, watch: Watch) -> None:
    assert page.evaluate("window.__pwned === undefined"), "an injected script ran"
    assert watch.dialogs == []
    assert watch.errors == []
    assert page.locator("#brief img, #brief svg, #brief script").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if not re.match(r"^(/|https?://)", h)], hrefs


def _check_citation_highlights(page: Any) -> None:
    """Clicking a summary citation shows its article and highlights exactly the cited sentence."""
    first = page.locator("ol.summary li").first
    sentence = " ".join(first.locator(".stext").inner_text().split())
    first.locator("button.cite").first.click()
    lit = page.locator(".src-article.active .sent.hl")
    assert lit.count() >= 1
    shown = " ".join("".join(lit.all_inner_texts()).split())
    assert shown == sentence
    # hovering another citation moves the highlight; leaving it restores the pinned one
    buttons = page.locator("ol.summary button.cite")
    if buttons.count() > 1:
        buttons.nth(1).hover()
        page.mouse.move(5, 5)
        assert (
            " ".join("".join(page.locator(".src-article.active .sent.hl").all_inner_texts()).split())
            == sentence
        )


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
    # support badges and the analysis sections are drawn (empty sections say so)
    assert page.locator(".badge.support").count() >= 1
    for cls in ("claims-card", "timeline-card", "quotes-card", "entities-card"):
        assert page.locator(f"section.{cls}").count() == 1
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
    tabs = " ".join(page.locator(".tabs button").all_inner_texts())
    assert "onerror" in tabs
    for i in range(page.locator(".tabs button").count()):
        page.locator(".tabs button").nth(i).click()
        assert "Bridge closure" in page.locator(".src-article.active h3").inner_text()
    _assert_inert(page, watch)


def test_adhoc_form_reports_errors(server: str, page: Any) -> None:
    page.goto(f"{server}/brief")
    page.fill("textarea[name=articles]", '[{"title": "no text here"}]')
    page.click("button[type=submit]")
    page.wait_for_selector("#brief[data-ready='error']")
    message = page.locator("#brief .error").inner_text()
    assert "body[0]" in message and "text" in message


def test_story_list_and_story_page(server: str, page: Any) -> None:
    watch = Watch(page)
    stored = httpx.post(f"{server}/v1/articles", json=hostile_articles(), timeout=60)
    assert stored.status_code == 200, stored.text
    page.goto(f"{server}/")
    page.wait_for_selector("ul.stories li a")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "stories.png"), full_page=True)
    page.locator("ul.stories li a").first.click()
    page.wait_for_selector("#brief[data-ready='1']")
    _check_citation_highlights(page)
    page.screenshot(path=str(SHOTS / "story.png"), full_page=True)
    _assert_inert(page, watch)
    assert watch.csp == []
