"""Screenshots of the web page, and the story page's height, at a desktop and a phone width.

    .venv/bin/python benchmarks/screenshots.py [--out docs/screenshots] [--heights-only]

Starts its own server (``newsbrief.serve.create_app``) on a free 127.0.0.1 port with a fresh
collection in a temporary directory, ingests a 25-article story made at run time from the seed
articles (``tests/seed_story.py``) and three small stories of our own, waits for the big story's
brief, and opens the pages in Debian's chromium (headless, through Playwright) at 1400 and 390 px:

- ``stories-<w>.png``: the story list (full page);
- ``story-<w>.png``: the 25-article story's page as it opens, sections collapsed (full page);
- ``story-<w>-cited.png``: the same page after a citation in the summary is clicked (the screen);
- ``conflict-1400.png``: a two-outlet story whose outlets give different amounts, its conflict's
  first citation clicked (full page).

It prints each page's document height in CSS pixels (the story page's must stay under 8,000 px).
``--heights-only`` writes no files. Nothing leaves the machine; everything it starts is stopped.
Cost: one brief of 25 articles (about a minute on two cores), then a few seconds of browsing.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from seed_story import other_stories, story_articles  # noqa: E402  (the tests' fixture module)

CHROMIUM = "/usr/bin/chromium"
WIDTHS = (1400, 390)


def start_server(db: Path) -> tuple[str, Any, threading.Thread]:
    """A uvicorn server in a thread on a loopback socket that listens before the server starts."""
    import uvicorn

    from newsbrief.serve import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{port}", server, thread


def height(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "screenshots", help="Folder for the PNGs."
    )
    parser.add_argument("--heights-only", action="store_true", help="Print the heights; write no files.")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        base, server, thread = start_server(Path(tmp) / "news.sqlite")
        try:
            with httpx.Client(base_url=base, timeout=600) as client:
                added = client.post("/v1/articles", json=story_articles() + other_stories())
                added.raise_for_status()
                listed = client.get("/v1/stories", params={"limit": 100}).json()["stories"]
                big = max(listed, key=lambda s: s["articles"])
                ferry = next(s for s in listed if "Bay Chronicle" in s["outlets"] and s["articles"] == 2)
                for story in (big, ferry):
                    client.get(f"/stories/{story['id']}").raise_for_status()  # waits for its brief
            if not args.heights_only:
                args.out.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                for width in WIDTHS:
                    context = browser.new_context(
                        viewport={"width": width, "height": 900 if width > 900 else 844}
                    )
                    page = context.new_page()
                    page.set_default_timeout(600_000)
                    page.goto(f"{base}/")
                    print(f"story list at {width} px: {height(page)} px tall")
                    if not args.heights_only:
                        page.screenshot(path=str(args.out / f"stories-{width}.png"), full_page=True)
                    page.goto(f"{base}/stories/{big['id']}")
                    page.wait_for_selector("#brief[data-ready='1']")
                    print(f"25-article story page at {width} px: {height(page)} px tall, sections collapsed")
                    if not args.heights_only:
                        page.screenshot(path=str(args.out / f"story-{width}.png"), full_page=True)
                        page.locator("ol.summary a.cite").nth(1).click()
                        page.screenshot(path=str(args.out / f"story-{width}-cited.png"))
                    if width > 900 and not args.heights_only:
                        page.goto(f"{base}/stories/{ferry['id']}")
                        page.wait_for_selector("#brief[data-ready='1']")
                        page.locator("li.conflict a.cite").first.click()
                        page.screenshot(path=str(args.out / "conflict-1400.png"), full_page=True)
                    context.close()
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=30)


if __name__ == "__main__":
    main()
