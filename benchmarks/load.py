"""Load test of ``newsbrief serve``: 50 clients read cached briefs while 500 articles are ingested
through the API (``POST /v1/articles``). Prints one table.

    .venv/bin/python benchmarks/load.py [--clients 50] [--rate 4] [--seconds 15] [--ingest 500]

Two runs against one warm server, each at least ``--seconds`` long and each ingesting ``--ingest``
new articles through the API in batches of ``--batch``, spread evenly over the run (a batch is sent
when it is due, or when the previous one is answered if that is later):

- open loop (the target): every client sends ``--rate`` requests per second on its own schedule
  (exponential think times, seeded), whether or not the server keeps up, and latency is counted
  from the time a request was due, so a slow answer also delays, and is charged for, the requests
  behind it. This is 50 concurrent users with think time.
- closed loop: every client sends its next GET as soon as the last one is answered. This measures
  capacity (requests per second); its latency is mostly queueing, since by Little's law
  latency = clients / throughput whatever the server does.

Targets (open loop): p99 < 100 ms for the cached brief GETs; zero errors anywhere (GETs, ingest
POSTs, "database is locked" or tracebacks in the server log); no article lost: every posted
article is answered as added and is in the collection file afterwards.

``--adhoc N`` adds N clients posting ad-hoc briefs (model work in the brief worker);
``--other-writer`` adds a second process ingesting straight into the SQLite file, as
``newsbrief ingest`` would.

Bounded by construction: it starts its own server on a free 127.0.0.1 port with a fresh database in
a temporary directory, runs for a fixed time, stops everything it started, and talks to no other
host. The load client is plain asyncio HTTP/1.1 with keep-alive (one connection per client), so the
generator's own cost stays small next to the server's. The server is ``python -m newsbrief`` from
this interpreter's path (set PYTHONPATH to measure another checkout).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "korea"
TOKEN = "load-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOCKED = "database is locked"
HOST = "127.0.0.1"

_WORDS = (
    "council budget harbor river school hospital railway bridge market farmers police court election "
    "minister airport factory workers union strike museum library festival storm flood drought fire "
    "company shares profit losses bank loan tax reform housing rent tenants doctors nurses patients "
    "teachers students exams stadium team coach match season ferry port cargo ship crew pilot "
    "mayor governor senator judge lawyer witness trial verdict appeal protest march crowd square "
    "vaccine clinic virus research scientists telescope satellite launch engine fuel energy solar wind "
    "pipeline water plant electricity grid outage repairs contract tender bid investors merger"
)
VOCABULARY = _WORDS.split()


@dataclass
class Tally:
    """Latencies and failures of one kind of request."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    locked: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def record(self, latency: float, status: int | None, body: bytes = b"") -> None:
        self.latencies.append(latency)
        if status is not None:
            self.statuses[status] = self.statuses.get(status, 0) + 1
        if status is None or status >= 400:
            self.errors += 1
            if LOCKED.encode() in body:
                self.locked += 1


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


# -- the articles -------------------------------------------------------------------------------------


def example_articles() -> list[dict[str, Any]]:
    """The example story as posted records (outlet from the file name, as the CLI reads them)."""
    return [{"text": p.read_text(encoding="utf-8"), "outlet": p.stem} for p in sorted(EXAMPLE.glob("*.txt"))]


def _sentence(rng: random.Random, where: str) -> str:
    words = rng.sample(VOCABULARY, 9)
    return f"Officials in {where} said the {words[0]} and the {' '.join(words[1:4])} {' '.join(words[4:])}."


def synthetic_article(n: int, first_topic: int = 0) -> dict[str, Any]:
    """A distinct small article; three in a row share a topic (half their sentences), not a copy."""
    topic = first_topic + n // 3
    place = f"district {topic}"
    shared = random.Random(topic)
    own = random.Random(1_000_003 * (n + 1) + first_topic)
    sentences = [_sentence(shared, place), _sentence(own, place), _sentence(shared, place)]
    sentences += [_sentence(own, place), f"Report {n} adds that the work takes {n % 5 + 2} days."]
    return {
        "text": " ".join(sentences),
        "title": f"News from {place}",
        "outlet": f"outlet{n % 4}.example",
        "url": f"https://outlet{n % 4}.example/{first_topic}/{n}",
        "published": f"{2024 + first_topic // 100_000}-05-{topic % 28 + 1:02d}T09:00:00Z",
    }


def with_ids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with the ids ingest gives them, to find each one in the collection afterwards.
    Computed before a run: importing the ingest module inside one would stall the load generator."""
    from newsbrief.ingest import article_from_record

    return [{**r, "id": article_from_record(r, source="load").id} for r in records]


def ingester(db: str, seconds: float) -> None:
    """Its own process: ingests small batches straight into the SQLite file (as `newsbrief ingest`
    does) until the time is up, then prints its tally as JSON."""
    from newsbrief.ingest import article_from_record
    from newsbrief.store import Collection

    deadline = time.monotonic() + seconds
    n = batches = errors = locked = 0
    latencies: list[float] = []
    while time.monotonic() < deadline:
        batch = [article_from_record(synthetic_article(n + i, 100_000), source="load") for i in range(5)]
        n += len(batch)
        started = time.perf_counter()
        try:
            with Collection(db) as collection:
                collection.ingest(batch)
        except Exception as exc:  # counted, not fatal: the run reports them
            errors += 1
            locked += LOCKED in str(exc)
            print(f"ingest failed: {exc}", file=sys.stderr)
        latencies.append(time.perf_counter() - started)
        batches += 1
        time.sleep(0.2)
    print(
        json.dumps(
            {
                "batches": batches,
                "articles": n,
                "errors": errors,
                "locked": locked,
                "p50_ms": percentile(latencies, 0.5) * 1000,
            }
        )
    )


# -- a small HTTP/1.1 keep-alive client ------------------------------------------------------------


class Connection:
    """One keep-alive connection; enough HTTP/1.1 for this server (Content-Length bodies)."""

    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self.port = port
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        assert self.reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n{self.extra}"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        try:
            raw = await self.reader.readuntil(b"\r\n\r\n")
            lines = raw.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)}
            length = int(headers.get("content-length", "0"))
            content = await self.reader.readexactly(length) if length else b""
        except BaseException:
            self.close()
            raise
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, content

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def timed(conn: Connection, method: str, path: str, body: bytes, tally: Tally, since: float) -> None:
    try:
        status, content = await asyncio.wait_for(conn.request(method, path, body), timeout=120)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
        conn.close()
        tally.record(time.perf_counter() - since, None)
        return
    tally.record(time.perf_counter() - since, status, content)


async def closed_client(port: int, urls: list[str], deadline: float, tally: Tally, i: int) -> None:
    conn = Connection(port)
    k = i
    while time.perf_counter() < deadline:
        await timed(conn, "GET", urls[k % len(urls)], b"", tally, time.perf_counter())
        k += 1
    conn.close()


async def open_client(
    port: int, urls: list[str], start: float, deadline: float, rate: float, tally: Tally, i: int
) -> None:
    """Requests due at exponential intervals (mean 1/rate); latency counts from when each was due."""
    rng = random.Random(i)
    conn = Connection(port)
    due = start + rng.expovariate(rate)
    k = i
    while due < deadline:
        pause = due - time.perf_counter()
        if pause > 0:
            await asyncio.sleep(pause)
        await timed(conn, "GET", urls[k % len(urls)], b"", tally, due)
        k += 1
        due += rng.expovariate(rate)
    conn.close()


async def poster(port: int, body: bytes, deadline: float, tally: Tally) -> None:
    conn = Connection(port, AUTH)
    while time.perf_counter() < deadline:
        await timed(conn, "POST", "/v1/brief?format=json&words=100", body, tally, time.perf_counter())
    conn.close()


@dataclass
class Ingested:
    """What the API ingest posted and what the server answered."""

    tally: Tally = field(default_factory=Tally)
    posted: list[str] = field(default_factory=list)  # the ids of the articles sent
    added: int = 0
    finished: float = 0.0


async def api_ingester(
    port: int, articles: list[dict[str, Any]], batch: int, start: float, seconds: float, done: Ingested
) -> None:
    """``POST /v1/articles`` in batches spread over ``seconds``; each answer is checked."""
    conn = Connection(port, AUTH)
    batches = [articles[i : i + batch] for i in range(0, len(articles), batch)]
    for k, records in enumerate(batches):
        pause = start + k * seconds / len(batches) - time.perf_counter()
        if pause > 0:
            await asyncio.sleep(pause)
        done.posted += [r["id"] for r in records]
        sent = time.perf_counter()
        try:
            status, content = await asyncio.wait_for(
                conn.request("POST", "/v1/articles", json.dumps(records).encode()), timeout=120
            )
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            conn.close()
            done.tally.record(time.perf_counter() - sent, None)
            continue
        done.tally.record(time.perf_counter() - sent, status, content)
        if status == 200:
            done.added += json.loads(content)["added"]
    done.finished = time.perf_counter() - start
    conn.close()


async def phase(
    port: int,
    urls: list[str],
    clients: int,
    rate: float | None,
    seconds: float,
    ingest: list[dict[str, Any]],
    batch: int,
    adhoc: int,
) -> tuple[Tally, Tally, Ingested, float]:
    """One run: GET clients until the ingest is over and at least ``seconds`` have passed."""
    gets, posts, ingested = Tally(), Tally(), Ingested()
    start = began = time.perf_counter()
    feeding = asyncio.ensure_future(api_ingester(port, ingest, batch, start, seconds, ingested))
    deadline = start + seconds
    body = json.dumps(example_articles()).encode()
    extra = [poster(port, body, deadline, posts) for _ in range(adhoc)]
    while True:
        if rate is None:
            tasks = [closed_client(port, urls, deadline, gets, i) for i in range(clients)]
        else:
            tasks = [open_client(port, urls, start, deadline, rate, gets, i) for i in range(clients)]
        await asyncio.gather(*tasks, *extra)
        extra = []
        if feeding.done():
            break
        start, deadline = deadline, deadline + 1.0  # the ingest is not over: read on a second more
    await feeding
    return gets, posts, ingested, time.perf_counter() - began


# -- the run ---------------------------------------------------------------------------------------------


def wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited during start-up")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not become ready in 60 s")


def seed_and_warm(base: str, stories: int) -> list[str]:
    """Store the example story and a few more, render their briefs once: the run reads cached briefs."""
    with httpx.Client(base_url=base, timeout=300) as client:
        seeds = example_articles() + [synthetic_article(n) for n in range(3 * (stories - 1))]
        client.post("/v1/articles", json=seeds, headers=AUTH).raise_for_status()
        listed = client.get("/v1/stories?limit=100").json()["stories"]
        urls = [f"/v1/stories/{s['id']}/brief?format={fmt}" for s in listed for fmt in ("json", "html", "md")]
        for url in urls:
            client.get(url).raise_for_status()
        return urls


def row(name: str, clients: str, tally: Tally, elapsed: float) -> str:
    n = len(tally.latencies)
    ms = [percentile(tally.latencies, q) * 1000 for q in (0.5, 0.9, 0.99)]
    top = max(tally.latencies, default=float("nan")) * 1000
    return (
        f"| {name} | {clients} | {n} | {n / elapsed:.1f} | {ms[0]:.1f} | {ms[1]:.1f} | {ms[2]:.1f} | "
        f"{top:.1f} | {tally.errors} | {tally.locked} |"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients GETting cached briefs")
    parser.add_argument("--rate", type=float, default=4.0, help="open loop: requests per second per client")
    parser.add_argument("--seconds", type=float, default=15.0, help="least length of each of the two runs")
    parser.add_argument("--ingest", type=int, default=500, help="articles posted through the API per run")
    parser.add_argument("--batch", type=int, default=10, help="articles per POST /v1/articles")
    parser.add_argument("--stories", type=int, default=5, help="stories whose briefs are read")
    parser.add_argument("--adhoc", type=int, default=0, help="clients POSTing ad-hoc briefs meanwhile")
    parser.add_argument("--other-writer", action="store_true", help="another process ingests into the file")
    parser.add_argument("--ingest-only", nargs=2, metavar=("DB", "SECONDS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.ingest_only:
        ingester(args.ingest_only[0], float(args.ingest_only[1]))
        return

    port = free_port()
    base = f"http://{HOST}:{port}"
    runs = [("open", args.rate), ("closed", None)]
    with tempfile.TemporaryDirectory(prefix="newsbrief-load-") as tmp:
        db = Path(tmp) / "news.sqlite"
        log_path = Path(tmp) / "server.log"
        env = {**os.environ, "NEWSBRIEF_TOKEN": TOKEN}
        command = [sys.executable, "-m", "newsbrief", "serve", "--db", str(db), "--host", HOST]
        with log_path.open("wb") as log:
            server = subprocess.Popen([*command, "--port", str(port)], env=env, stdout=log, stderr=log)
            other = None
            results = []
            try:
                wait_ready(base, server)
                urls = seed_and_warm(base, args.stories)
                if args.other_writer:
                    other = subprocess.Popen(
                        [sys.executable, __file__, "--ingest-only", str(db), str(2 * args.seconds + 10)],
                        stdout=subprocess.PIPE,
                        text=True,
                    )
                for k, (_name, rate) in enumerate(runs):
                    fresh = with_ids([synthetic_article(n, 10_000 * (k + 1)) for n in range(args.ingest)])
                    results.append(
                        asyncio.run(
                            phase(port, urls, args.clients, rate, args.seconds, fresh, args.batch, args.adhoc)
                        )
                    )
                other_tally = None
                if other is not None:
                    out, _ = other.communicate(timeout=2 * args.seconds + 150)
                    other_tally = json.loads(out.strip().splitlines()[-1])
            finally:
                if other is not None and other.poll() is None:
                    other.kill()
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
            from newsbrief.store import Collection

            with Collection(db, readonly=True) as stored:
                kept = [len(stored.existing(r[2].posted)) for r in results]
        server_log = log_path.read_text(encoding="utf-8", errors="replace")

    print(
        f"newsbrief serve load test: 2 runs of at least {args.seconds:.0f} s, {os.cpu_count()} CPUs, "
        f"server, its workers and the clients on one host; {len(urls)} cached brief URLs; "
        f"{args.ingest} articles ingested through the API per run, {args.batch} a POST"
    )
    print()
    print(
        "| run: traffic | clients | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | locked |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    failures = 0
    for (_name, rate), (gets, posts, ingested, elapsed), stored_ids in zip(runs, results, kept, strict=True):
        label = f"open loop {args.clients} × {rate:g}/s" if rate is not None else "closed loop"
        print(row(f"{label}: GET cached brief", str(args.clients), gets, elapsed))
        print(row(f"{label}: POST /v1/articles ({args.batch} a batch)", "1", ingested.tally, elapsed))
        if args.adhoc:
            print(row(f"{label}: POST /v1/brief (ad-hoc)", str(args.adhoc), posts, elapsed))
        failures += gets.errors + posts.errors + ingested.tally.errors
        lost = len(ingested.posted) - stored_ids
        failures += lost + (ingested.added != len(ingested.posted))
    print()
    for (name, _rate), (_g, _p, ingested, _e), stored_ids in zip(runs, results, kept, strict=True):
        print(
            f"{name} loop: {len(ingested.posted)} articles posted, {ingested.added} answered as added, "
            f"{stored_ids} in the collection afterwards, {len(ingested.posted) - stored_ids} lost; "
            f"the ingest took {ingested.finished:.1f} s"
        )
    if other_tally is not None:
        print(
            f"other process (store.ingest, 5 articles a batch, every 0.2 s): {other_tally['batches']} batches, "
            f"{other_tally['articles']} articles, p50 {other_tally['p50_ms']:.0f} ms a batch, "
            f"{other_tally['errors']} errors, {other_tally['locked']} '{LOCKED}'"
        )
        failures += other_tally["errors"]
    print(
        f"'{LOCKED}' in the server log: {server_log.count(LOCKED)}; tracebacks: {server_log.count('Traceback')}"
    )
    failures += server_log.count(LOCKED) + server_log.count("Traceback")
    p99 = percentile(results[0][0].latencies, 0.99) * 1000
    verdict = "PASS" if p99 < 100 and failures == 0 else "FAIL"
    print(
        f"target (open loop, {args.clients} × {args.rate:g}/s, {args.ingest} articles through the API): "
        f"p99 {p99:.1f} ms < 100 ms for cached GETs, zero errors, no article lost: {verdict}"
    )


if __name__ == "__main__":
    main()
