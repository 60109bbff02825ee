"""Scale benchmark: ingest + dedupe + cluster N articles, single process and Dask with 2 workers.

Builds a corpus of N dated articles in a temporary directory (never committed) from the dev sets'
articles: each synthetic article is either a word-for-word syndicated copy of a source article (1 in
5) or a new write-up of one story (4 to 9 paragraphs drawn from all of that story's articles, in a
new order), with a date spread over a year and an outlet, so the corpus has stories, copies and
recurring topics, and most articles are originals the clustering has to place. Each engine runs in
a fresh child process, so one engine's leftover heap never counts against the next; the table shows
articles/s and the peak RSS of that child plus all its descendants (the Dask worker processes).
Briefs are not part of this measure (they embed every sentence; see docs/scale.md).

With ``--score`` it also prints the B-cubed F1 of the stories found against the corpus's own
labels: each source story, split wherever more than 7 days pass between two of its articles (the
clusterer's window). The labels are synthetic (paragraphs of one source story reshuffled), so this
checks the dated path of the clustering, not its quality on real news (``newsbrief eval-stories``).

    python benchmarks/scale.py --articles 10000 [--score]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

import psutil

from newsbrief.evaluate_stories import bcubed
from newsbrief.runner import RunOptions, RunReport, run

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCES = ("multinews-dev100.jsonl", "duc2006.jsonl")


WINDOW = timedelta(days=7)  # ``ClusterOptions.window_days``: a longer gap ends a labelled story


def build_corpus(directory: Path, articles: int, shards: int = 16, seed: int = 7) -> dict[str, int]:
    """Write the corpus's shards; returns each article's label (see ``--score``) by article id."""
    stories = []
    for name in SOURCES:
        path = DATA / name
        if not path.exists():
            path = Path("/work/shared/data") / name
        for line in path.read_text(encoding="utf-8").splitlines():
            docs = [d for d in json.loads(line)["docs"] if len(d.split()) > 60]
            if docs:
                stories.append(docs)
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    outs = [(directory / f"shard-{s:03d}.jsonl").open("w", encoding="utf-8") for s in range(shards)]
    dated: dict[int, list[tuple[datetime, str]]] = {}
    try:
        for n in range(articles):
            source = rng.randrange(len(stories))
            docs = stories[source]
            if rng.random() < 0.2:  # a syndicated copy, word for word
                text = docs[rng.randrange(len(docs))]
            else:  # a new write-up of the story: paragraphs drawn from all its articles, reordered
                pool = [p for d in docs for p in d.split("\n") if len(p.split()) > 8]
                take = rng.sample(pool, min(len(pool), rng.randint(4, 9)))
                text = "\n\n".join(take)
            when = start + timedelta(days=rng.randrange(365), minutes=rng.randrange(1440))
            record = {
                "id": f"bench-{n}",
                "title": " ".join(text.split()[:10]),
                "maintext": text,
                "source_domain": f"outlet{rng.randrange(300)}.example",
                "url": f"https://example.org/a/{n}",
                "date_publish": when.isoformat(),
                "language": "en",
            }
            outs[n % shards].write(json.dumps(record) + "\n")
            dated.setdefault(source, []).append((when, f"bench-{n}"))
    finally:
        for fh in outs:
            fh.close()
    labels: dict[str, int] = {}
    label = -1
    for source in sorted(dated):
        previous = None
        for when, article_id in sorted(dated[source]):
            if previous is None or when - previous > WINDOW:
                label += 1
            labels[article_id] = label
            previous = when
    return labels


def score(out: Path, labels: dict[str, int]) -> float:
    """B-cubed F1 of ``out/stories.jsonl`` (copies in their original's story) against ``labels``;
    an article the run skipped counts as a story of its own."""
    found: dict[str, int] = {}
    with (out / "stories.jsonl").open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            record = json.loads(line)
            for article_id in [*record["articles"], *record["copies"]]:
                found[article_id] = n
    ids = sorted(labels)
    alone = len(found)
    predicted = [found.get(i, alone + k) for k, i in enumerate(ids)]
    return bcubed([labels[i] for i in ids], predicted)[2]


class PeakRSS:
    """Samples the RSS of process ``pid`` plus all its descendants (Dask workers) every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.peak = 0
        self._process = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                total = self._process.memory_info().rss
                children = self._process.children(recursive=True)
            except psutil.Error:  # the child has exited
                return
            for child in children:
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_engine(corpus: Path, out: Path, engine: str, conn: Connection) -> None:
    """In the child process: run one engine and send back (report, seconds, own max RSS in bytes)."""
    t = time.perf_counter()
    report = run(corpus, out, RunOptions(engine=engine, workers=2, briefs=False))
    took = time.perf_counter() - t
    conn.send((report, took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))
    conn.close()


def measure(corpus: Path, out: Path, engine: str) -> tuple[RunReport, float, int, int]:
    """Run one engine in a fresh (spawned, non-daemon: it starts Dask workers) child process.

    Returns the report, the run's seconds, the peak RSS of the child plus its descendants, and the
    child's own max RSS (the client alone, for Dask).
    """
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=run_engine, args=(corpus, out, engine, send), name=f"scale-{engine}")
    child.start()
    send.close()
    assert child.pid is not None  # set by start()
    with PeakRSS(child.pid) as rss:
        try:
            report, took, own = receive.recv()
        except EOFError:
            child.join()
            raise SystemExit(f"the {engine} run failed (exit code {child.exitcode})") from None
        child.join()
    if child.exitcode != 0:
        raise SystemExit(f"the {engine} run exited with code {child.exitcode}")
    return report, took, rss.peak, own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--engines", default="local,dask")
    parser.add_argument("--score", action="store_true", help="B-cubed F1 against the corpus's labels")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsbrief-scale-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        t0 = time.perf_counter()
        labels = build_corpus(corpus, args.articles)
        print(f"corpus: {args.articles:,} articles in 16 shards, built in {time.perf_counter() - t0:.1f}s")
        print(
            f"{'engine':8} {'articles':>9} {'copies':>7} {'stories':>8} {'seconds':>8} {'art/s':>7} {'peak RSS':>9}"
            + (f" {'B3 F1':>6}" if args.score else "")
        )
        for engine in args.engines.split(","):
            out = Path(tmp) / f"out-{engine}"
            report, took, peak, own = measure(corpus, out, engine)
            print(
                f"{engine:8} {report.articles:9,} {report.copies:7,} {report.stories:8,} {took:8.1f} "
                f"{report.articles / took:7.0f} {peak / 2**30:8.2f}G"
                + (f" {score(out, labels):6.3f}" if args.score else ""),
                flush=True,
            )
            print(f"({engine}: max RSS of the child process alone: {own / 2**30:.2f}G)", file=sys.stderr)


if __name__ == "__main__":
    main()
