import json
import re
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from collection_corpus import write_corpus
from interrupt import interrupt_when
from newsbrief.errors import ConfigError
from newsbrief.pipeline import BriefOptions
from newsbrief.runner import RunOptions, _Engine, run, shard_paths
from newsbrief.store import Collection


def test_dask_and_single_process_write_identical_stories_and_briefs(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", shards=3)
    brief = BriefOptions(words=40)
    local = run(corpus, tmp_path / "local", RunOptions(engine="local", brief=brief))
    dask = run(corpus, tmp_path / "dask", RunOptions(engine="dask", workers=2, brief=brief))
    assert local == dask
    assert (local.articles, local.copies, local.stories, local.briefs) == (11, 1, 4, 4)
    for name in ("stories.jsonl", "briefs.jsonl"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    with Collection(tmp_path / "dask" / "news.sqlite") as c:
        assert c.counts() == (11, 1, 4)
    # a story's brief sees its copy and counts it as a copy, as `brief PATHS` and `--db` do
    lines = (tmp_path / "local" / "briefs.jsonl").read_text(encoding="utf-8").splitlines()
    (dam,) = [json.loads(line)["stats"] for line in lines if json.loads(line)["stats"]["copies"]]
    assert (dam["articles"], dam["outlets"], dam["independent_outlets"], dam["copies"]) == (5, 5, 4, 1)


def test_dask_engine_keeps_input_order_and_releases_every_result() -> None:
    items = list(range(23))  # more than the engine's window (two tasks per worker thread)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        assert _Engine(client).map(pow, items, [2] * len(items)) == [i**2 for i in items]
        client.run_on_scheduler(lambda: None)  # a round trip: the releases queued before it are done
        assert not client.futures
    assert _Engine().map(pow, items, [2] * len(items)) == [i**2 for i in items]


def test_ctrl_c_stops_a_dask_run_cleanly_and_keeps_the_previous_outputs(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", shards=2)
    out = tmp_path / "out"
    run(corpus, out, RunOptions(briefs=False))
    previous = {p.name: p.read_bytes() for p in out.iterdir()}
    args = ["run", str(corpus), "--out", str(out), "--engine", "dask", "--workers", "2"]
    # the shards are read on the workers; the signal comes before any brief is made
    status, after, _before = interrupt_when(args, "articles from 2 shards")
    assert (status, after) == (130, "newsbrief: interrupted\n")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous  # the earlier run, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]


def test_gzipped_jsonl_shards_in_a_directory_are_read_like_plain_ones(tmp_path: Path) -> None:
    import gzip

    plain = write_corpus(tmp_path / "plain", shards=2)
    zipped = tmp_path / "zipped"
    zipped.mkdir()
    for shard in sorted(Path(plain).glob("*.jsonl")):
        (zipped / (shard.name + ".gz")).write_bytes(gzip.compress(shard.read_bytes()))
    options = RunOptions(briefs=False)
    a = run(plain, tmp_path / "out-plain", options)
    b = run(zipped, tmp_path / "out-zipped", options)
    assert (a.articles, a.copies) == (b.articles, b.copies) and a.articles > 0
    stories = lambda out: (out / "stories.jsonl").read_text()  # noqa: E731
    assert stories(tmp_path / "out-plain") == stories(tmp_path / "out-zipped")


def test_a_corpus_in_a_hidden_folder_is_read(tmp_path: Path) -> None:
    corpus = Path(write_corpus(tmp_path / ".archive" / "corpus", shards=2))
    (corpus / ".partial.jsonl").write_text("{}\n", encoding="utf-8")  # hidden inside it: left out
    assert shard_paths(corpus) == sorted(str(p) for p in corpus.glob("[!.]*.jsonl"))
    assert len(shard_paths(corpus)) == 2


def test_a_broken_link_among_the_shards_is_reported(tmp_path: Path) -> None:
    corpus = Path(write_corpus(tmp_path / "corpus", shards=2))
    (corpus / "shard-99.jsonl").symlink_to(tmp_path / "moved-away.jsonl")
    said: list[str] = []
    report = run(corpus, tmp_path / "out", RunOptions(briefs=False), log=said.append)
    line = f"{corpus / 'shard-99.jsonl'}: broken symbolic link (to {tmp_path / 'moved-away.jsonl'}); skipped"
    assert line in said and line in report.skipped
    assert report.articles > 0


def test_an_output_folder_inside_the_corpus_is_never_read_as_shards(tmp_path: Path) -> None:
    corpus = Path(write_corpus(tmp_path / "corpus", shards=2))
    out = corpus / "out"
    first = run(corpus, out, RunOptions(briefs=False))
    said: list[str] = []
    second = run(corpus, out, RunOptions(briefs=False), log=said.append)
    assert second.skipped == () and (second.articles, second.stories) == (first.articles, first.stories)
    assert not any("stories.jsonl" in line for line in said)


def test_article_files_that_are_no_shards_are_named_not_passed_over(tmp_path: Path) -> None:
    corpus = Path(write_corpus(tmp_path / "corpus", shards=1))
    (corpus / "page.html").write_text("<html><body><p>A page.</p></body></html>", encoding="utf-8")
    (corpus / "export.json").write_text("[]", encoding="utf-8")
    (corpus / "README").write_text("notes", encoding="utf-8")  # no article suffix: not ours to name
    said: list[str] = []
    report = run(corpus, tmp_path / "out", RunOptions(briefs=False), log=said.append)
    reason = "not a shard (run reads JSON lines, WARC and feeds; `newsbrief ingest` reads this); skipped"
    assert [line for line in report.skipped if "not a shard" in line] == [
        f"{corpus / 'export.json'}: {reason}",
        f"{corpus / 'page.html'}: {reason}",
    ]
    assert all(line in said for line in report.skipped)


def test_an_article_id_read_twice_is_said_as_brief_says_it(tmp_path: Path) -> None:
    corpus = Path(write_corpus(tmp_path / "corpus", shards=2))
    first = sorted(corpus.glob("*.jsonl"))[0]
    again = corpus / "shard-99.jsonl"
    line = first.read_text(encoding="utf-8").splitlines()[0]
    again.write_text(line + "\n", encoding="utf-8")  # the same record in a later shard
    said: list[str] = []
    run(corpus, tmp_path / "out", RunOptions(briefs=False), log=said.append)
    assert f"1 article repeats an article id read before, the first kept: {again}:1 repeats {first}:1" in said


def test_an_output_folder_given_as_a_link_is_filled_through_the_link(tmp_path: Path) -> None:
    corpus = Path(write_corpus(tmp_path / "corpus", shards=1))
    real = tmp_path / "disk" / "runs"
    real.mkdir(parents=True)
    link = tmp_path / "out"
    link.symlink_to(real, target_is_directory=True)
    for _ in range(2):  # a second run replaces the first one's outputs, still through the link
        run(corpus, link, RunOptions(briefs=False))
        assert link.is_symlink() and link.resolve() == real.resolve()
        assert sorted(p.name for p in real.iterdir()) == ["briefs.jsonl", "news.sqlite", "stories.jsonl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "disk", "out"]


def test_the_current_directory_as_output_folder_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = Path(write_corpus(tmp_path / "corpus", shards=1))
    here = tmp_path / "here"
    (here / "below").mkdir(parents=True)
    for cwd, out in ((here, "."), (here / "below", "..")):
        monkeypatch.chdir(cwd)
        with pytest.raises(
            ConfigError, match=rf"--out {re.escape(out)} is the current directory or holds it"
        ):
            run(corpus, out, RunOptions(briefs=False))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "here"]  # nothing left beside
    assert [p.name for p in here.iterdir()] == ["below"]


def test_an_unknown_summarizer_fails_before_any_shard_is_read(tmp_path: Path) -> None:
    corpus = Path(write_corpus(tmp_path / "corpus", shards=1))
    said: list[str] = []
    options = RunOptions(brief=BriefOptions(summarizer="nope"))
    with pytest.raises(ConfigError, match="unknown summarizer 'nope'"):
        run(corpus, tmp_path / "out", options, log=said.append)
    assert said == [] and not (tmp_path / "out").exists()
    run(corpus, tmp_path / "out", RunOptions(briefs=False, brief=BriefOptions(summarizer="nope")))
