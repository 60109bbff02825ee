"""Load test of ``newsbrief serve``: cached brief GETs at N concurrent clients and ad-hoc brief POSTs,
while another process keeps ingesting into the same collection. Prints one table.

    .venv/bin/python benchmarks/load.py [--clients 50] [--seconds 20] [--posters 2]

Bounded by construction: it starts its own server on a free 127.0.0.1 port with a fresh database
in a temporary directory, runs for ``--seconds``, stops everything it started, and never talks to
any other host. Targets: p99 < 100 ms for cached brief GETs at 50 clients; zero errors and zero
"database is locked" while ingesting.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
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


@dataclass
class Tally:
    """Latencies and failures of one kind of request."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    locked: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def record(self, started: float, response: httpx.Response | None) -> None:
        self.latencies.append(time.perf_counter() - started)
        if response is None:
            self.errors += 1
            return
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        if response.status_code >= 400:
            self.errors += 1
            if LOCKED in response.text:
                self.locked += 1


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def example_articles() -> list[dict[str, Any]]:
    """The example story as posted records (outlet from the file name, as the CLI reads them)."""
    return [{"text": p.read_text(encoding="utf-8"), "outlet": p.stem} for p in sorted(EXAMPLE.glob("*.txt"))]


def synthetic_article(n: int) -> dict[str, Any]:
    """A distinct small article for the background ingester (a new story every few articles)."""
    topic = n // 3
    return {
        "text": (
            f"Officials in district {topic} said on Monday that the water plant number {topic} will close "
            f"for maintenance. Residents were told to store water before the work begins. Report {n} "
            f"adds that crews expect the work to take {n % 5 + 2} days."
        ),
        "title": f"Water plant {topic} closes for maintenance",
        "outlet": f"outlet{n % 4}.example",
        "url": f"https://outlet{n % 4}.example/news/{n}",
        "published": f"2024-05-{topic % 28 + 1:02d}T09:00:00Z",
    }


def ingester(base: str, seconds: float) -> None:
    """Runs in its own process: posts small batches until the time is up; prints its tally as JSON."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    n = 0
    with httpx.Client(base_url=base, timeout=60) as client:
        while time.monotonic() < deadline:
            batch = [synthetic_article(n + i) for i in range(5)]
            n += 5
            started = time.perf_counter()
            try:
                response: httpx.Response | None = client.post("/v1/articles", json=batch, headers=AUTH)
            except httpx.HTTPError:
                response = None
            tally.record(started, response)
            time.sleep(0.2)
    print(
        json.dumps(
            {"requests": len(tally.latencies), "articles": n, "errors": tally.errors, "locked": tally.locked}
        )
    )


async def hammer_gets(
    client: httpx.AsyncClient, urls: list[str], deadline: float, tally: Tally, i: int
) -> None:
    k = i
    while time.monotonic() < deadline:
        url = urls[k % len(urls)]
        k += 1
        started = time.perf_counter()
        try:
            response: httpx.Response | None = await client.get(url)
        except httpx.HTTPError:
            response = None
        tally.record(started, response)


async def post_briefs(
    client: httpx.AsyncClient, body: list[dict[str, Any]], deadline: float, tally: Tally
) -> None:
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            response: httpx.Response | None = await client.post("/v1/brief?format=json&words=100", json=body)
        except httpx.HTTPError:
            response = None
        tally.record(started, response)


async def run(
    base: str, clients: int, posters: int, seconds: float, collection: bool
) -> tuple[Tally, Tally, float]:
    limits = httpx.Limits(
        max_connections=clients + posters + 4, max_keepalive_connections=clients + posters + 4
    )
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        if collection:
            stories = (await client.get("/v1/stories?limit=100")).json()["stories"]
            urls = [
                f"/v1/stories/{s['id']}/brief?format={fmt}" for s in stories for fmt in ("json", "html", "md")
            ]
        else:  # no store in this build: the page and its assets are the nearest cached reads
            urls = ["/", "/brief", "/assets/app.js", "/assets/app.css"]
        for url in urls:  # warm the cache: this run measures cached GETs
            (await client.get(url)).raise_for_status()
        # and load the embedding model before the clock starts: the run measures a warm server
        (await client.post("/v1/brief?format=json&words=100", json=example_articles())).raise_for_status()
        gets, posts = Tally(), Tally()
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        tasks = [hammer_gets(client, urls, deadline, gets, i) for i in range(clients)]
        tasks += [post_briefs(client, example_articles(), deadline, posts) for _ in range(posters)]
        await asyncio.gather(*tasks)
        return gets, posts, time.monotonic() - started


def wait_ready(base: str, server: subprocess.Popen[bytes]) -> bool:
    """Wait for the server; True when its collection is usable (healthz 200), False when it is not (503)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited during start-up")
        try:
            status = httpx.get(f"{base}/healthz", timeout=2).status_code
            if status in (200, 503):
                return status == 200
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not become ready in 60 s")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients GETting cached briefs")
    parser.add_argument("--posters", type=int, default=2, help="concurrent clients POSTing ad-hoc briefs")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of the measured run")
    parser.add_argument("--ingest-only", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.ingest_only:
        ingester(args.ingest_only, args.seconds)
        return

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="newsbrief-load-") as tmp:
        db = Path(tmp) / "news.sqlite"
        log_path = Path(tmp) / "server.log"
        env = {**os.environ, "NEWSBRIEF_TOKEN": TOKEN}
        command = [
            sys.executable,
            "-m",
            "newsbrief",
            "serve",
            "--db",
            str(db),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
        with log_path.open("wb") as log:
            server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                collection = wait_ready(base, server)
                ingest = {"requests": 0, "articles": 0, "errors": 0, "locked": 0}
                other = None
                if collection:
                    seeded = httpx.post(
                        f"{base}/v1/articles", json=example_articles(), headers=AUTH, timeout=120
                    )
                    seeded.raise_for_status()
                    other = subprocess.Popen(
                        [sys.executable, __file__, "--ingest-only", base, "--seconds", str(args.seconds + 5)],
                        stdout=subprocess.PIPE,
                        text=True,
                    )
                gets, posts, elapsed = asyncio.run(
                    run(base, args.clients, args.posters, args.seconds, collection)
                )
                if other is not None:
                    out, _ = other.communicate(timeout=args.seconds + 120)
                    ingest = json.loads(out.strip().splitlines()[-1])
            finally:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
        server_log = log_path.read_text(encoding="utf-8", errors="replace")

    print(
        f"newsbrief serve load test: {args.seconds:.0f} s, {os.cpu_count()} CPUs, server and clients on one host"
    )
    if not collection:
        print("the collection store is not available in this build: GETs hit the page and assets, no ingest")
    print()
    print("| traffic | clients | requests | req/s | p50 ms | p99 ms | errors | database is locked |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, tally, n in (
        (("GET cached brief" if collection else "GET page/assets"), gets, args.clients),
        ("POST /v1/brief (ad-hoc)", posts, args.posters),
    ):
        count = len(tally.latencies)
        print(
            f"| {name} | {n} | {count} | {count / elapsed:.1f} | {percentile(tally.latencies, 0.5) * 1000:.1f} | "
            f"{percentile(tally.latencies, 0.99) * 1000:.1f} | {tally.errors} | {tally.locked} |"
        )
    print(
        f"| POST /v1/articles (other process) | 1 | {ingest['requests']} | {ingest['requests'] / elapsed:.1f} | "
        f"| | {ingest['errors']} | {ingest['locked']} |"
    )
    print()
    print(f"articles ingested while serving: {ingest['articles']}")
    print(f"'{LOCKED}' in the server log: {server_log.count(LOCKED)}")
    p99 = percentile(gets.latencies, 0.99) * 1000
    failures = gets.errors + posts.errors + ingest["errors"] + server_log.count(LOCKED)
    verdict = "PASS" if p99 < 100 and failures == 0 else "FAIL"
    print(f"target p99 < 100 ms for cached GETs and zero errors: {verdict}")


if __name__ == "__main__":
    main()
