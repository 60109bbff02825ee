"""The hardened service against a real ``newsbrief serve`` on loopback (uvicorn, a real SQLite file):
the token before the body, read deadlines and the connection limit, HEAD, ``If-None-Match``, gzip,
JSON errors everywhere, 404 for unknown story pages, briefs kept in the collection file, and the
OpenAPI document against the answers. No test here makes a brief: the one the server serves is kept
in the file beforehand, which is also how a restarted server finds it."""

from __future__ import annotations

import gzip
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from served import Server, serving

from newsbrief.ingest import article_from_record
from newsbrief.render_html import BODY_END, BODY_START
from newsbrief.serve import StoreCollection
from newsbrief.serve.service import brief_version
from newsbrief.store import Collection

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WORDS = 150  # the server's default budget

BRIDGE = [
    "The harbor bridge in Portmere will close for repairs on Monday, city officials said. "
    "The closure is expected to last three weeks while crews replace worn cables. "
    "Commuters were told to use the ferry service, which will add extra crossings.",
    "Portmere officials said the harbor bridge closes on Monday for three weeks of cable repairs. "
    "Extra ferry crossings will run during the closure, according to the transit office. "
    "Local shops fear fewer customers while the bridge is shut.",
]
KEPT = {  # what the file holds as the story's brief: not a brief the model would make
    "json": json.dumps({"kept": "in the collection file", "pad": "x" * 2000}).encode(),
    "md": b"# kept in the collection file\n",
    "html": (
        f"<!doctype html><title>kept</title>{BODY_START}"
        + "<p>kept in the collection file</p>" * 40
        + f"{BODY_END}"
    ).encode(),
}


def record(i: int, body: str) -> dict[str, Any]:
    return {
        "text": body,
        "title": "Bridge closes",
        "outlet": f"outlet{i}.example",
        "url": f"https://outlet{i}.example/bridge",
        "published": f"2024-03-0{i + 1}T08:00:00Z",
    }


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A collection of one story whose brief a previous server run kept in the file."""
    db: Path = tmp_path_factory.mktemp("served") / "news.sqlite"
    with Collection(db, create=True) as c:
        c.ingest([article_from_record(record(i, b), source="test") for i, b in enumerate(BRIDGE)])
    collection = StoreCollection(db)
    (entries, _total) = collection.stories(limit=5, offset=0, since=None, until=None, query=None)
    entry = collection.story(entries[0].id)
    assert entry is not None
    collection.keep_brief(entry.id, WORDS, brief_version(entry), KEPT)
    return db, entry.id


@pytest.fixture(scope="module")
def server(story_db: tuple[Path, str]) -> Iterator[Server]:
    yield from serving(story_db[0], "--token", TOKEN, "--read-timeout", "1")


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base, timeout=60) as client:
        yield client


def error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()["error"]
    assert body["status"] == status and body["code"] and body["message"]
    return body


def raw(server: Server, data: bytes) -> bytes:
    """Send ``data`` on a fresh connection and read until the server closes it."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_and_json(response: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = response.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower(), head
    return int(head.split(b" ", 2)[1]), json.loads(body)


# -- the token -------------------------------------------------------------------------------------


def test_the_token_is_checked_before_the_body_is_read(server: Server) -> None:
    # 5 MB announced, 5 bytes sent, and not JSON: the answer comes without the server waiting for
    # (or parsing) the rest, and it is 401, not 422
    head = (
        "POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 5000000\r\n\r\n{bad!"
    )
    status, body = status_and_json(raw(server, head.encode()))
    assert status == 401 and body["error"]["code"] == "unauthorized"


def test_writes_and_model_work_need_the_token(http: httpx.Client) -> None:
    for path in ("/v1/articles", "/v1/brief"):
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
            response = http.post(path, content=b"{not json", headers=headers)
            error(response, 401)
            assert response.headers["www-authenticate"] == "Bearer"
    # a stored story's brief at a budget nobody asked for yet is model work too
    story = http.get("/v1/stories").json()["stories"][0]["id"]
    response = http.get(f"/v1/stories/{story}/brief?words=60")
    assert error(response, 401)["code"] == "unauthorized" and response.headers["www-authenticate"] == "Bearer"
    assert http.get(f"/v1/stories/{story}/brief?words={WORDS}").status_code == 200  # the default: open
    # with the token, the same bad body is read and refused for what it is
    assert error(http.post("/v1/brief", content=b"{not json", headers=AUTH), 422)["fields"]
    assert http.get("/v1/stories").status_code == 200  # reads stay open


def test_ingest_through_the_api_is_stored(http: httpx.Client, story_db: tuple[Path, str]) -> None:
    # another story (the bridge story's kept brief must stay current for the tests below)
    extra = {
        "text": "Grandmaster Ilya Sorensen won the world chess championship in Reykjavik on Sunday, "
        "beating Tomas Abara in a rapid tiebreak after twelve drawn classical games.",
        "title": "Sorensen is champion",
        "outlet": "chess.example",
        "url": "https://chess.example/final",
        "published": "2024-04-01T20:00:00Z",
    }
    response = http.post("/v1/articles", json=[extra, {"text": "too short"}], headers=AUTH)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["received"] == 2 and result["added"] == 1 and result["skipped"][0]["index"] == 1
    assert result["stories"] and story_db[1] not in result["stories"]
    with Collection(story_db[0], readonly=True) as c:
        assert c.counts()[0] == 3 and c.existing([article_from_record(extra, source="t").id])


# -- slow clients and too many of them -----------------------------------------------------------


def test_a_request_that_does_not_arrive_in_time_gets_408(server: Server) -> None:
    status, body = status_and_json(raw(server, b"GET /v1/stories HTTP/1.1\r\nHost: 127.0."))
    assert status == 408 and body["error"]["code"] == "timeout"
    # a body that trickles in is held to the same deadline
    head = f"POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
    status, _body = status_and_json(raw(server, f"{head}Content-Length: 100\r\n\r\n[{{".encode()))
    assert status == 408


def test_connections_beyond_the_limit_get_503(story_db: tuple[Path, str]) -> None:
    for server in serving(story_db[0], "--max-connections", "2"):
        held = [socket.create_connection(("127.0.0.1", server.port), timeout=60) for _ in range(2)]
        try:
            status, body = status_and_json(raw(server, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
            assert status == 503 and body["error"]["code"] == "busy"
        finally:
            for s in held:
                s.close()


def test_unparsable_http_gets_a_json_400(server: Server) -> None:
    status, body = status_and_json(raw(server, b"NOT HTTP AT ALL\r\n\r\n"))
    assert status == 400 and body["error"]["code"] == "bad_request"


# -- JSON errors, pages ----------------------------------------------------------------------------


def test_a_bad_host_header_gets_a_json_400(http: httpx.Client) -> None:
    assert error(http.get("/v1/stories", headers={"Host": "evil.example"}), 400)["code"] == "bad_host"
    assert http.get("/v1/stories", headers={"Host": "localhost:8000"}).status_code == 200


def test_unknown_story_pages_are_404(http: httpx.Client, story_db: tuple[Path, str]) -> None:
    error(http.get("/stories/0123456789abcdef"), 404)
    assert http.get(f"/stories/{story_db[1]}").status_code == 200


# -- HEAD, conditional requests, gzip --------------------------------------------------------------


def test_head_on_every_get_route(http: httpx.Client, story_db: tuple[Path, str]) -> None:
    story = story_db[1]
    paths = [
        "/healthz",
        "/v1/stories",
        "/v1/openapi.json",
        f"/v1/stories/{story}/brief",
        f"/v1/stories/{story}/brief?format=md",
        "/",
        "/brief",
        f"/stories/{story}",
        "/assets/app.js",
    ]
    for path in paths:
        got = http.get(path, headers={"Accept-Encoding": "identity"})
        head = http.head(path, headers={"Accept-Encoding": "identity"})
        assert (head.status_code, got.status_code) == (200, 200), path
        assert head.content == b"" and head.headers["content-length"] == str(len(got.content)), path
        assert head.headers["content-type"] == got.headers["content-type"], path
    assert http.head("/stories/0123456789abcdef").status_code == 404


def test_a_kept_brief_is_served_after_a_restart(http: httpx.Client, story_db: tuple[Path, str]) -> None:
    url = f"/v1/stories/{story_db[1]}/brief"
    for fmt, body in KEPT.items():
        response = http.get(f"{url}?format={fmt}", headers={"Accept-Encoding": "identity"})
        assert response.status_code == 200 and response.content == body
    again = http.get(url, headers={"Accept-Encoding": "identity"})
    assert again.headers["etag"] == http.get(url, headers={"Accept-Encoding": "identity"}).headers["etag"]


def test_if_none_match_follows_rfc_9110(http: httpx.Client, story_db: tuple[Path, str]) -> None:
    url = f"/v1/stories/{story_db[1]}/brief"
    etag = http.get(url, headers={"Accept-Encoding": "identity"}).headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    matching = [etag, f"W/{etag}", f'"nope", {etag}', f'W/"x", W/{etag} , "y"', "*"]
    for value in matching:
        response = http.get(url, headers={"If-None-Match": value})
        assert response.status_code == 304, value
        assert response.content == b"" and response.headers["etag"] == etag
        assert http.head(url, headers={"If-None-Match": value}).status_code == 304
    for value in ('"nope"', 'W/"nope", "other"', etag[1:-1], ""):
        assert http.get(url, headers={"If-None-Match": value}).status_code == 200, value


def test_briefs_and_pages_are_gzipped(http: httpx.Client, story_db: tuple[Path, str]) -> None:
    url = f"/v1/stories/{story_db[1]}/brief"
    for path in (url, f"{url}?format=html", "/v1/openapi.json", "/"):
        plain = http.get(path, headers={"Accept-Encoding": "identity"})
        with http.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as packed:
            wire = b"".join(packed.iter_raw())
            assert packed.headers.get("content-encoding") == "gzip", path
            assert "accept-encoding" in packed.headers["vary"].lower()
        assert gzip.decompress(wire) == plain.content and len(wire) < len(plain.content), path
    # the gzipped brief has its own ETag, and naming either one gives 304
    zipped = http.get(url, headers={"Accept-Encoding": "gzip"}).headers["etag"]
    plain_tag = http.get(url, headers={"Accept-Encoding": "identity"}).headers["etag"]
    assert zipped != plain_tag
    for tag in (zipped, plain_tag):
        assert http.get(url, headers={"If-None-Match": tag, "Accept-Encoding": "gzip"}).status_code == 304
    refused = http.get(url, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers


# -- the OpenAPI document --------------------------------------------------------------------------


def test_the_openapi_document_matches_the_answers(http: httpx.Client, story_db: tuple[Path, str]) -> None:
    doc = http.get("/v1/openapi.json").json()
    assert "HTTPValidationError" not in json.dumps(doc)  # FastAPI's error shape is gone
    schemas = doc["components"]["schemas"]
    assert "ValidationError" not in schemas
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The server's --token.",
    }
    ops = doc["paths"]
    assert ops["/v1/brief"]["post"]["security"] == [{"bearer": []}]
    assert ops["/v1/articles"]["post"]["security"] == [{"bearer": []}]
    assert "security" not in ops["/v1/stories"]["get"]
    brief_get = ops["/v1/stories/{story_id}/brief"]["get"]["responses"]
    assert brief_get["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Brief"}
    assert {"summary", "story", "schema"} <= set(schemas["Brief"]["properties"])

    # every error the server really sent is documented for its route, in the schema it has
    error_schema = schemas["Error"]
    body_schema = schemas["ErrorBody"]
    seen = {
        ("/v1/articles", "post", "401"): http.post("/v1/articles", json=[]),
        ("/v1/brief", "post", "422"): http.post("/v1/brief", json=[], headers=AUTH),
        ("/v1/brief", "post", "413"): http.post(
            "/v1/brief", content=b" " * 10_000_001, headers={**AUTH, "content-type": "application/json"}
        ),
        ("/v1/stories/{story_id}/brief", "get", "404"): http.get("/v1/stories/0123456789abcdef/brief"),
        ("/v1/stories/{story_id}/brief", "get", "401"): http.get(f"/v1/stories/{story_db[1]}/brief?words=61"),
        ("/v1/stories", "get", "422"): http.get("/v1/stories?limit=0"),
        ("/v1/stories", "get", "400"): http.get("/v1/stories", headers={"Host": "evil.example"}),
    }
    for (path, method, status), response in seen.items():
        assert str(response.status_code) == status, (path, response.text)
        documented = ops[path][method]["responses"][status]["content"]["application/json"]["schema"]
        assert documented == {"$ref": "#/components/schemas/Error"}
        body = response.json()
        assert set(error_schema["required"]) <= set(body)
        assert set(body_schema["required"]) <= set(body["error"]) <= set(body_schema["properties"])
