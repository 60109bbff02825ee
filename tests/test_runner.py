from pathlib import Path

from collection_corpus import write_corpus
from newsbrief.pipeline import BriefOptions
from newsbrief.runner import RunOptions, run
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
