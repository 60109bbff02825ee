"""The HTTP API through FastAPI's TestClient, on a real SQLite file in a temporary directory.

Briefs load the embedding model, so the tests share one app and make few distinct briefs.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsbrief.cli import cli
from newsbrief.http import SingleFlightCache, create_app

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
    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def store_ready(client: TestClient) -> bool:
    return client.get("/healthz").status_code == 200


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

    body = error(client.post("/v1/brief", json=[]), 422)
    assert body["fields"][0]["field"] == "body"

    body = error(client.get("/v1/stories?since=yesterday"), 422)
    assert "query.since" in body["message"]


def test_unusable_articles_are_422_with_reasons(client: TestClient) -> None:
    body = error(client.post("/v1/brief", json=[{"text": "too short"}]), 422)
    assert "body[0]" in body["message"]


def test_writes_need_the_token(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = client.post("/v1/articles", json=articles(), headers=headers)
        error(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"
    # reads and the ad-hoc brief (nothing stored) stay open
    assert client.get("/v1/stories").status_code != 401


def test_json_errors_for_unknown_routes_and_methods(client: TestClient) -> None:
    error(client.get("/v1/nope"), 404)
    error(client.delete("/v1/brief"), 405)
    error(client.get("/v1/stories/..%2F..%2Fetc%2Fpasswd/brief"), 404)
    error(client.get("/v1/stories/bad.id/brief"), 422)


def test_assets_are_served_by_name_only(client: TestClient) -> None:
    ok = client.get("/assets/app.js")
    assert ok.status_code == 200 and ok.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in ok.text.replace("no innerHTML", "")
    assert client.get("/assets/app.js", headers={"If-None-Match": ok.headers["etag"]}).status_code == 304
    for name in ("..%2Fhttp.py", "%2E%2E%2F%2E%2E%2Fpyproject.toml", "app.py", "web.py"):
        error(client.get(f"/assets/{name}"), 404)


def test_pages_have_a_strict_csp(client: TestClient) -> None:
    for path in ("/", "/brief", "/stories/abc123"):
        response = client.get(path)
        assert response.status_code == 200
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in response.text  # scripts only by src
    assert 'data-story-id="abc123"' in client.get("/stories/abc123").text


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

    md = client.post("/v1/brief?format=md&words=60", json=hostile)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# ")

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


# -- the collection --------------------------------------------------------------------------------


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    if response.status_code == 503:
        assert error(response, 503)["code"] == "unavailable"
        pytest.skip("the collection store (newsbrief.store) is not available yet")
    assert response.json()["status"] == "ok"


def test_ingest_list_and_brief(client: TestClient) -> None:
    if not store_ready(client):
        pytest.skip("the collection store (newsbrief.store) is not available yet")
    posted = client.post("/v1/articles", json=[*articles(), {"text": "short"}], headers=AUTH)
    assert posted.status_code == 200, posted.text
    result = posted.json()
    assert result["received"] == 3 and result["added"] == 2
    assert result["skipped"][0]["index"] == 2

    page = client.get("/v1/stories?limit=1").json()
    assert page["total"] >= 1 and len(page["stories"]) == 1
    story = page["stories"][0]
    assert story["articles"] >= 1

    assert client.get("/v1/stories?q=portmere").json()["total"] >= 1
    assert client.get("/v1/stories?q=zzzunmatchedzzz").json()["total"] == 0
    assert client.get("/v1/stories?since=2030-01-01").json()["total"] == 0
    assert client.get("/v1/stories?until=2000-01-01").json()["total"] == 0
    assert client.get("/v1/stories?since=2024-03-01&until=2024-03-31").json()["total"] >= 1

    url = f"/v1/stories/{story['id']}/brief"
    first = client.get(f"{url}?format=json")
    assert first.status_code == 200 and first.json()["story"]["title"]
    again = client.get(f"{url}?format=json")
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert (
        client.get(f"{url}?format=json", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    )
    assert client.get(f"{url}?format=md").text.startswith("# ")
    assert client.get(f"{url}?format=html").headers["content-type"].startswith("text/html")
    error(client.get("/v1/stories/0123456789abcdef/brief"), 404)


def test_paging(client: TestClient) -> None:
    if not store_ready(client):
        pytest.skip("the collection store (newsbrief.store) is not available yet")
    total = client.get("/v1/stories").json()["total"]
    seen = []
    offset: int | None = 0
    while offset is not None:
        page = client.get(f"/v1/stories?limit=1&offset={offset}").json()
        seen += [s["id"] for s in page["stories"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == total
    error(client.get("/v1/stories?limit=1000"), 422)


# -- pieces ------------------------------------------------------------------------------------------


def test_single_flight_cache_computes_once() -> None:
    calls = 0

    async def compute() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        return "value"

    async def main() -> list[str]:
        cache = SingleFlightCache(2)
        results = await asyncio.gather(*(cache.get("k", compute) for _ in range(20)))
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
