"""The HTTP API through FastAPI's TestClient, on a real SQLite file in a temporary directory.

Briefs load the embedding model, so the tests share one app and make few distinct briefs.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from collection_corpus import records
from newsbrief.cli import cli
from newsbrief.ingest import article_from_record
from newsbrief.serve import ServeOptions, SingleFlightCache, StoreCollection, create_app
from newsbrief.serve.service import brief_version
from newsbrief.store import Collection
from readonly import read_only

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

BODIES = [
    "The harbor bridge in Portmere will close for repairs on Monday, city officials said. "
    "The closure is expected to last three weeks while crews replace worn cables. "
    "Commuters were told to use the ferry service, which will add extra crossings.",
    "Portmere officials said the harbor bridge closes on Monday for three weeks of cable repairs. "
    "Extra ferry crossings will run during the closure, according to the transit office. "
    "Local shops fear fewer customers while the bridge is shut.",
]


def articles(payload: str = "") -> list[dict[str, Any]]:
    return [
        {
            "text": body,
            "title": f"Bridge closes {payload}".strip(),
            "outlet": f"Outlet {i} {payload}".strip(),
            "url": f"https://example.org/{i}",
            "published": f"2024-03-0{i + 1}T08:00:00Z",
        }
        for i, body in enumerate(BODIES)
    ]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db: Path = tmp_path_factory.mktemp("http") / "news.sqlite"
    # every request carries the token unless a test says otherwise: ad-hoc briefs need it too
    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False, headers=AUTH) as c:
        yield c


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()["error"]
    assert body["status"] == status and body["message"]
    assert "Traceback" not in response.text
    return body


# -- limits and validation -------------------------------------------------------------------------


def test_declared_oversized_body_is_413(client: TestClient) -> None:
    big = b"[" + b" " * 10_000_001 + b"]"
    body = error(client.post("/v1/brief", content=big, headers={"content-type": "application/json"}), 413)
    assert "10,000,000" in body["message"]


def test_streamed_oversized_body_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(11):
            yield b" " * 1_000_000

    response = client.post("/v1/brief", content=chunks(), headers={"content-type": "application/json"})
    error(response, 413)


def test_422_names_the_field(client: TestClient) -> None:
    bad = articles()
    bad[1]["title"] = "x" * 3000
    body = error(client.post("/v1/brief", json=bad), 422)
    assert body["message"].startswith("body[1].title:")
    assert body["fields"][0]["field"] == "body[1].title"

    body = error(client.post("/v1/brief", json=[{"title": "no text"}]), 422)
    assert "body[0]" in body["message"] and "text" in body["message"]

    body = error(client.post("/v1/brief", json=[{"text": 42}]), 422)
    assert body["fields"][0]["field"] == "body[0].text"

    body = error(client.post("/v1/brief?words=3", json=articles()), 422)
    assert body["fields"][0]["field"] == "query.words"

    body = error(client.post("/v1/brief?format=pdf", json=articles()), 422)
    assert body["fields"][0]["field"] == "query.format"

    body = error(
        client.post("/v1/brief", content=b"{oops", headers={"content-type": "application/json"}), 422
    )
    assert body["fields"][0]["field"] == "body" and "invalid JSON" in body["message"]

    # what `curl -d @articles.json` sends: form-encoded, so FastAPI never parses it as JSON
    form = {"content-type": "application/x-www-form-urlencoded"}
    body = error(client.post("/v1/brief", content=json.dumps(articles()).encode(), headers=form), 422)
    assert body["message"] == (
        "body: send the articles as JSON with Content-Type: application/json "
        "(this request says application/x-www-form-urlencoded)"
    )
    body = error(client.post("/v1/brief", json=articles()[0]), 422)
    assert body["message"] == "body: expected a JSON array of articles, got one object: wrap it in [ ]"

    # latin-1 bytes: not JSON text at all, said as plainly as a syntax error
    latin1 = json.dumps([{"text": "Café owner Renée wins the award"}], ensure_ascii=False).encode("latin-1")
    body = error(client.post("/v1/brief", content=latin1, headers={"content-type": "application/json"}), 422)
    assert body["message"] == "body: the bytes are not UTF-8 text; send JSON encoded as UTF-8"

    body = error(client.post("/v1/brief", json=[]), 422)
    assert body["fields"][0]["field"] == "body"

    body = error(client.get("/v1/stories?since=yesterday"), 422)
    assert "query.since" in body["message"]


def test_unusable_articles_are_422_with_reasons(client: TestClient) -> None:
    body = error(client.post("/v1/brief", json=[{"text": "too short"}]), 422)
    assert "body[0]" in body["message"]


def test_writes_need_the_token(client: TestClient) -> None:
    for headers in (
        {"Authorization": ""},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {TOKEN}"},
    ):
        for path in ("/v1/articles", "/v1/brief"):
            response = client.post(path, json=articles(), headers=headers)
            error(response, 401)
            assert response.headers["www-authenticate"] == "Bearer"
    # reads stay open
    assert client.get("/v1/stories").status_code == 200


def test_json_errors_for_unknown_routes_and_methods(client: TestClient) -> None:
    error(client.get("/v1/nope"), 404)
    error(client.delete("/v1/brief"), 405)
    error(client.get("/v1/stories/..%2F..%2Fetc%2Fpasswd/brief"), 404)
    error(client.get("/v1/stories/bad.id/brief"), 422)


def test_a_browser_asking_for_a_missing_page_gets_a_page(client: TestClient) -> None:
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    for url, status, said in [
        ("/stories/nosuchstory", 404, "no story with id nosuchstory"),
        ("/stories/bad.id", 422, "path.story_id"),
        ("/nope", 404, "Not Found"),
    ]:
        response = client.get(url, headers=browser)
        assert response.status_code == status
        assert response.headers["content-type"].startswith("text/html")
        assert said in response.text and 'href="/"' in response.text
    # the API and scripts keep their JSON errors, whatever they accept
    assert client.get("/v1/nope", headers=browser).headers["content-type"] == "application/json"
    error(client.get("/stories/nosuchstory"), 404)


def test_assets_are_served_by_name_only(client: TestClient) -> None:
    ok = client.get("/assets/app.js")
    assert ok.status_code == 200 and ok.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in ok.text.replace("no innerHTML", "")
    assert client.get("/assets/app.js", headers={"If-None-Match": ok.headers["etag"]}).status_code == 304
    for name in ("..%2Fhttp.py", "%2E%2E%2F%2E%2E%2Fpyproject.toml", "app.py", "web.py"):
        error(client.get(f"/assets/{name}"), 404)


def test_pages_have_a_strict_csp(client: TestClient, posted: dict[str, Any]) -> None:
    story = posted["stories"][0]
    for path in ("/", "/brief", f"/stories/{story}"):
        response = client.get(path)
        assert response.status_code == 200
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in response.text  # scripts only by src
    assert f'data-story-id="{story}"' in client.get(f"/stories/{story}").text
    error(client.get("/stories/abc123"), 404)  # no such story: a story page needs its brief


def test_openapi_schema_is_versioned(client: TestClient) -> None:
    schema = client.get("/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/v1/articles", "/v1/stories", "/v1/stories/{story_id}/brief", "/v1/brief", "/healthz"} <= paths
    assert client.get("/docs").status_code == 404  # the bundled docs page would load a CDN script


# -- ad-hoc briefs ---------------------------------------------------------------------------------


def test_adhoc_brief_in_every_format(client: TestClient) -> None:
    hostile = articles('<script>alert(1)</script><img src=x onerror="alert(2)">')
    hostile[0]["url"] = "javascript:alert(3)"
    as_json = client.post("/v1/brief?format=json&words=60", json=hostile)
    assert as_json.status_code == 200, as_json.text
    brief = as_json.json()
    assert brief["schema"].startswith("newsbrief.brief/")
    assert brief["summary"]["sentences"] and brief["stats"]["articles"] == 2
    assert as_json.headers["cache-control"] == "no-store"
    # JSON is data: a browser must not sniff it into a page
    assert as_json.headers["content-type"] == "application/json"
    assert as_json.headers["x-content-type-options"] == "nosniff"

    md = client.post("/v1/brief?format=MD&words=60", json=hostile)  # a format in any case
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# ")
    assert "<script>" not in md.text and "<img" not in md.text and "javascript:alert(3)" not in md.text

    page = client.post("/v1/brief?format=html&words=60", json=hostile)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script>" not in page.text and "<img" not in page.text and 'href="javascript' not in page.text
    assert "&lt;script&gt;" in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # no script allowed at all


def test_adhoc_brief_reports_skipped_articles(client: TestClient) -> None:
    posted = [*articles(), {"text": "short one"}]
    response = client.post("/v1/brief?format=json&words=60", json=posted)
    assert response.status_code == 200, response.text
    assert any("article 3 skipped" in w for w in response.json()["warnings"])


def test_adhoc_brief_says_an_article_sent_twice_is_read_once(client: TestClient) -> None:
    sent = articles()
    response = client.post("/v1/brief?format=json&words=60", json=[*sent, sent[0]])
    assert response.status_code == 200, response.text
    (warning,) = [w for w in response.json()["warnings"] if "article 3" in w]
    assert "the same article as <body[0]> (same text); read once" in warning


# -- the collection --------------------------------------------------------------------------------


def test_a_unix_time_is_a_date_as_the_file_readers_read_it(tmp_path: Path) -> None:
    # a JSONL line with "published": 1709625600 is dated; the same record posted is dated the same
    record = {**articles()[0], "published": 1709625600}
    app = create_app(tmp_path / "news.sqlite", options=ServeOptions(warm_model=False))
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.post("/v1/articles", json=[record])
        assert response.status_code == 200 and response.json()["added"] == 1, response.text
        assert c.get("/v1/stories").json()["stories"][0]["first_seen"] == "2024-03-05T08:00:00+00:00"
        body = error(c.post("/v1/articles", json=[{**record, "published": True}]), 422)
        assert body["fields"][0]["field"] == "body[0].published"


@pytest.fixture(scope="module")
def posted(client: TestClient) -> dict[str, Any]:
    """The bridge story posted once (two articles, one unusable record): every test that reads it
    asks for this, so none depends on another having run first."""
    response = client.post("/v1/articles", json=[*articles(), {"text": "short"}], headers=AUTH)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_ingest_list_and_brief(client: TestClient, posted: dict[str, Any]) -> None:
    assert posted["received"] == 3 and posted["added"] == 2
    assert posted["skipped"][0]["index"] == 2
    assert len(posted["stories"]) == 1

    page = client.get("/v1/stories?limit=1").json()
    assert page["total"] == 1 and len(page["stories"]) == 1
    story = page["stories"][0]
    assert story["id"] == posted["stories"][0] and story["articles"] == 2
    assert story["first_seen"] == "2024-03-01T08:00:00+00:00"  # the one time format of every output

    assert client.get("/v1/stories?q=portmere").json()["total"] == 1
    assert client.get("/v1/stories?q=zzzunmatchedzzz").json()["total"] == 0
    assert client.get("/v1/stories?since=2030-01-01").json()["total"] == 0
    assert client.get("/v1/stories?until=2000-01-01").json()["total"] == 0
    assert client.get("/v1/stories?since=2024-03-01&until=2024-03-31").json()["total"] == 1
    # the calendar's last day ends after the last representable time: no bound, never a 500
    for bounds in (
        "until=9999-12-31",
        "until=9999-12-31T23:59:59-14:00",
        "since=0001-01-01T00:00:00%2B14:00",
    ):
        assert client.get(f"/v1/stories?{bounds}").json()["total"] == 1, bounds
    page_html = client.get("/?until=9999-12-31")
    assert page_html.status_code == 200 and "Bridge closes" in page_html.text

    url = f"/v1/stories/{story['id']}/brief"
    first = client.get(f"{url}?format=json")
    assert first.status_code == 200
    assert first.json()["story"]["id"] == story["id"] and first.json()["story"]["title"] == story["title"]
    again = client.get(f"{url}?format=json")
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert (
        client.get(f"{url}?format=json", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    )
    assert client.get(f"{url}?format=md").text.startswith("# ")
    assert client.get(f"{url}?format=html").headers["content-type"].startswith("text/html")
    error(client.get("/v1/stories/0123456789abcdef/brief"), 404)
    # the brief is kept in the collection file, every format, for the next server run
    service = client.app.state.service  # type: ignore[attr-defined]
    kept = service.collection().stored_brief(story["id"], 150)
    assert kept.bodies["json"] == first.content and set(kept.bodies) == {"json", "md", "html"}


def test_cached_brief_fast_path_matches_the_routed_response(
    client: TestClient, posted: dict[str, Any]
) -> None:
    url = f"/v1/stories/{posted['stories'][0]}/brief"
    routed = client.get(f"{url}?format=html&words=70")  # a miss: made in the worker, through the route
    service = client.app.state.service  # type: ignore[attr-defined]
    hits = service.rendered.hits
    fast = client.get(f"{url}?format=html&words=70")
    assert service.rendered.hits == hits + 1  # answered by CachedBriefs, before routing
    assert fast.content == routed.content
    assert dict(fast.headers) == dict(routed.headers)
    assert fast.headers["content-security-policy"].startswith("default-src 'none'; style-src")
    assert fast.headers["x-frame-options"] == "DENY"  # the guard's headers are on the fast path too
    assert (
        client.get(f"{url}?words=70&format=html", headers={"If-None-Match": fast.headers["etag"]}).status_code
        == 304
    )
    # what the route would refuse, the fast path leaves to the route
    error(client.get(f"{url}?format=html&words=5"), 422)
    error(client.get(f"{url}?format=&words=70"), 422)
    error(client.get(f"{url}?format=pdf&words=70"), 422)
    # a format named in capitals is that format, on the fast path and through the route alike
    before = service.rendered.hits
    shouted = client.get(f"{url}?format=HTML&words=70")
    assert shouted.status_code == 200 and shouted.content == routed.content
    assert service.rendered.hits == before + 1
    as_markdown = client.get(f"{url}?format=Md&words=70")
    assert as_markdown.status_code == 200 and as_markdown.headers["content-type"].startswith("text/markdown")


# -- the store behind the server -------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db: Path = tmp_path_factory.mktemp("corpus") / "news.sqlite"
    with Collection(db, create=True) as c:
        c.ingest([article_from_record(r, source=f"r{i}") for i, r in enumerate(records())], batch_size=4)
    return db


@pytest.fixture
def corpus_client(corpus_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A server over a copy of the four-story corpus that reads a story's article ids on every
    request (a story_ttl of a microsecond), so a test sees another writer without waiting."""
    db = tmp_path / "news.sqlite"
    shutil.copy(corpus_db, db)
    options = ServeOptions(story_ttl=1e-6, warm_model=False)
    with TestClient(create_app(db, options=options), raise_server_exceptions=False) as c:
        yield c


def test_healthz_and_paging(corpus_client: TestClient) -> None:
    health = corpus_client.get("/healthz")
    assert health.status_code == 200, health.text
    assert health.json()["status"] == "ok" and health.json()["stories"] == 4
    listed = corpus_client.get("/v1/stories").json()
    assert listed["total"] == 4 and listed["next_offset"] is None
    for limit in (1, 3):
        seen = []
        offset: int | None = 0
        while offset is not None:
            page = corpus_client.get(f"/v1/stories?limit={limit}&offset={offset}").json()
            seen += [s["id"] for s in page["stories"]]
            offset = page["next_offset"]
        assert seen == [s["id"] for s in listed["stories"]]
    error(corpus_client.get("/v1/stories?limit=1000"), 422)


def test_another_writer_is_seen_and_the_old_brief_served_meanwhile(corpus_client: TestClient) -> None:
    service = corpus_client.app.state.service  # type: ignore[attr-defined]
    story = corpus_client.get("/v1/stories?q=sorensen").json()["stories"][0]
    url = f"/v1/stories/{story['id']}/brief?format=json&words=40"
    before = corpus_client.get(url)
    assert before.status_code == 200 and before.json()["stats"]["articles"] == 3
    extra = {
        "text": "Ilya Sorensen won the world chess championship in Reykjavik after beating Tomas Abara "
        "in the rapid tiebreak, ending a match of twelve drawn classical games with a rook sacrifice.",
        "title": "Sorensen is champion",
        "outlet": "fourth-outlet.example",
        "url": "https://fourth-outlet.example/chess",
        "published": "2024-03-05T21:00:00+00:00",
    }
    with Collection(service.collection().path) as other:  # another connection, as another process has
        other.ingest([article_from_record(extra, source="test")])
    # the story's article ids are read again at once; its previous brief is served while the new one
    # is made, and the new one is there once that computation (shared, single-flight) finishes
    stale = corpus_client.get(url)
    assert stale.content == before.content and stale.headers["etag"] == before.headers["etag"]
    entry = corpus_client.portal.call(service.entry, story["id"])  # type: ignore[union-attr]
    assert len(entry.article_ids) == 4
    corpus_client.portal.call(service.story_brief, entry, 40)  # type: ignore[union-attr]
    after = corpus_client.get(url)
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json()["stats"]["articles"] == 4
    assert after.json()["story"]["id"] == story["id"]
    # the collection file now keeps the new brief, under the new article set
    kept = service.collection().stored_brief(story["id"], 40)
    assert kept.version == brief_version(entry) and kept.bodies["json"] == after.content


def test_story_page_pages_in_sql_as_stories_lists(corpus_db: Path) -> None:
    with Collection(corpus_db) as c:
        everything = c.stories()
        assert c.story_count() == len(everything) >= 4
        for limit in (1, 2, 3):
            paged = []
            for offset in range(0, len(everything), limit):
                rows, total = c.story_page(limit=limit, offset=offset)
                assert total == len(everything)
                paged += rows
            assert paged == everything
        for row in everything:
            assert c.story_row(row.id) == row
            assert [a.id for a in c.story_articles(row.id)] == [a.id for a in c.story(row.id)[1]]
            assert [aid for aid, _o in c.story_members([row.id])[row.id]] == [
                a.id for a in c.story(row.id)[1]
            ]
        assert c.story_row("nope") is None and c.story_articles("nope") == []
        # the wire copy is counted apart and its outlet is neither a member nor an outlet
        dam = next(r for r in everything if r.copies)
        members = c.story_members([dam.id])[dam.id]
        assert len(members) == dam.articles and "wire-two.example" not in {o for _a, o in members}


def test_story_page_filters(corpus_db: Path) -> None:
    with Collection(corpus_db) as c:

        def titles(**kw: Any) -> list[str]:
            rows, total = c.story_page(limit=100, **kw)
            assert total == len(rows)
            return [r.title for r in rows]

        assert len(titles(query="sorensen REYKJAVIK")) == 1  # every word, any case, title or text
        assert titles(query="sorensen norland") == []
        assert titles(query="100%") == [] and titles(query="_") == []  # LIKE wildcards are literal
        assert titles(query="helicopters")  # only in the wire story's text
        assert titles(query="wire-two") == []  # outlets and urls are not searched
        april = datetime(2024, 4, 1, tzinfo=UTC)
        assert titles(since=april) == ["Dam inquiry opens"]
        assert "Dam inquiry opens" not in titles(until=april)
        assert len(titles(since=april)) + len(titles(until=april)) == c.story_count()
        dam = next(r for r in c.stories() if r.copies)
        wire_ids = [a.id for a in c.story_articles(dam.id)]
        assert c.stories_of(wire_ids) == [dam.id]


def test_store_collection_is_safe_across_threads(tmp_path: Path) -> None:
    collection = StoreCollection(tmp_path / "threads.sqlite")
    rows = [article_from_record(r, source=f"r{i}") for i, r in enumerate(records())]
    problems: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(30):
                entries, total = collection.stories(limit=5, offset=0, since=None, until=None, query=None)
                assert len(entries) == min(5, total)
                for e in entries:
                    found = collection.story(e.id)
                    assert found is not None and len(found.article_ids) >= 1
        except BaseException as exc:  # reported by the main thread
            problems.append(exc)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    added = collection.add(rows[:6]).added + collection.add(rows[6:]).added
    for t in readers:
        t.join()
    assert problems == [] and added == len(rows)
    assert collection.count() == len(
        collection.stories(limit=100, offset=0, since=None, until=None, query=None)[0]
    )
    again = collection.add(rows)
    assert again.added == 0 and again.stories  # already stored: nothing added, stories still named


# -- pieces ------------------------------------------------------------------------------------------


def test_single_flight_cache_computes_once() -> None:
    calls = 0
    release = asyncio.Event()

    async def compute() -> str:
        nonlocal calls
        calls += 1
        await release.wait()
        return "value"

    async def main() -> list[str]:
        cache = SingleFlightCache(2)
        waiting = [asyncio.ensure_future(cache.get("k", compute)) for _ in range(20)]
        await asyncio.sleep(0)  # one turn of the loop: every get is now waiting on the one computation
        assert cache.flying("k")  # one computation, not yet finished
        release.set()
        results = await asyncio.gather(*waiting)
        assert await cache.get("k", compute) == "value"
        for key in ("a", "b", "c"):
            await cache.get(key, compute)
        assert len(cache) == 2  # least recently used entries go first
        return list(results)

    assert asyncio.run(main()) == ["value"] * 20
    assert calls == 4


def test_serve_has_help() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--token" in result.output and "NEWSBRIEF_TOKEN" in result.output
    assert json.dumps("127.0.0.1").strip('"') in result.output


def test_a_read_only_collection_is_served_for_reading(corpus_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "news.sqlite"
    shutil.copy(corpus_db, db)
    with (
        read_only(db, folder),
        TestClient(
            create_app(db, options=ServeOptions(warm_model=False)), raise_server_exceptions=False
        ) as c,
    ):
        assert c.get("/v1/stories").json()["total"] == 4
        body = error(c.post("/v1/articles", json=articles()), 403)
        assert body["code"] == "read_only" and "collection is read-only" in body["message"]


def test_the_story_list_past_its_end_leads_back_to_its_last_page(client: TestClient) -> None:
    assert client.post("/v1/articles", json=articles()).status_code == 200
    total = client.get("/v1/stories?q=bridge").json()["total"]
    assert total >= 1
    last_page = (total - 1) // 20 * 20
    page = client.get("/?offset=99999&q=bridge")
    assert page.status_code == 200
    newer = "/?q=bridge" + (f"&amp;offset={last_page}" if last_page else "")
    assert f'id="prev" rel="prev" href="{newer}">' in page.text  # not offset=99979, also empty


def test_a_date_range_that_ends_before_it_starts_is_said(client: TestClient) -> None:
    page = client.get("/?since=2024-03-05&until=2024-03-01")
    assert "the since date (2024-03-05) is after the until date (2024-03-01)" in page.text
