"""From articles to a brief: split → align → summarize + support → analyze → assemble.

The CLI, the HTTP server and the batch runner all call ``make_brief``, so one input gives the same
brief (byte-identical JSON) whichever way it came in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC

from newsbrief.align import Alignment, AlignOptions, align
from newsbrief.analyze import Analysis, ClaimOptions, analyze
from newsbrief.coverage import cover_outlets
from newsbrief.dedupe import copy_links, keys_from_links
from newsbrief.docs import Budget, Doc, Pick
from newsbrief.errors import ConfigError, InputError
from newsbrief.model import (
    Article,
    Brief,
    CopyLink,
    Stats,
    Story,
    Summary,
    SummarySentence,
    stable_id,
)
from newsbrief.order import order_articles
from newsbrief.split import split_article
from newsbrief.story_title import story_title
from newsbrief.summarize import Summarizer, get_summarizer
from newsbrief.summarize.ilp import ConceptILP, ILPOptions
from newsbrief.support import Supported, drop_restatements, find_support
from newsbrief.text import words

_REFILL_ROUNDS = 3


@dataclass(frozen=True, slots=True)
class BriefOptions:
    """Every knob of a brief in one object (as trafilatura passes its options).

    ``words``: the summary's word budget (a sentence may end past it by one sentence, never more;
    ``ConfigError`` when under 1). ``summarizer``: ``newsbrief`` (the concept ILP), ``lead``,
    ``lexrank`` or ``textrank`` (``ConfigError`` names them otherwise). ``ilp``: the ``newsbrief``
    summarizer's knobs (ignored by the others). ``align``: how sentences of different outlets are
    matched as one fact (summary support and claims read the same alignment). ``claims``: how many
    unique claims and conflicts a brief lists. ``analyze``: entities, quotes, timeline and claims
    (loads spaCy, ~1 s and ~200 MB per process; off leaves those sections empty).
    """

    words: int = 150
    summarizer: str = "newsbrief"
    align: AlignOptions = field(default_factory=AlignOptions)
    analyze: bool = True
    ilp: ILPOptions = field(default_factory=ILPOptions)
    claims: ClaimOptions = field(default_factory=ClaimOptions)

    def __post_init__(self) -> None:
        if self.words < 1:
            raise ConfigError(f"words must be at least 1, not {self.words}")


def make_docs(articles: Sequence[Article]) -> list[Doc]:
    return [Doc(a, split_article(a)) for a in articles]


def make_story(articles: Sequence[Article], title: str = "") -> Story:
    dates = [a.published for a in articles if a.published is not None]
    keyed = sorted(dates, key=lambda d: d.replace(tzinfo=UTC) if d.tzinfo is None else d)
    return Story(
        id=stable_id(*sorted(a.id for a in articles)),
        article_ids=tuple(a.id for a in articles),
        title=title or story_title(articles),
        first_seen=keyed[0] if keyed else None,
        last_seen=keyed[-1] if keyed else None,
    )


def make_brief(articles: Sequence[Article], options: BriefOptions | None = None) -> Brief:
    """The cited brief of one story made of ``articles``.

    Copies (``dedupe.copy_links``) are linked first and share their original's independence key
    (``dedupe.keys_from_links``): articles sharing a key never support each other, and a copy is
    cited beside its original, never counted as another outlet. Raises ``InputError`` when
    ``articles`` is empty. Cost: loads MiniLM (and spaCy when ``options.analyze``).
    """
    opts = options or BriefOptions()
    if not articles:
        raise InputError("no articles to summarize")
    ordered = order_articles(articles)
    docs = make_docs(ordered)
    budget = Budget(opts.words)
    links = copy_links(ordered)
    keys = keys_from_links(ordered, links)
    alignment = align(docs, keys, opts.align)
    picks, supported = _select(docs, budget, opts, alignment, frozenset(links))
    sentences = tuple(
        SummarySentence(p.text(docs), s.citations, s.support, s.evidence, s.related)
        for p, s in zip(picks, supported, strict=True)
    )
    summary = Summary(sentences, method=opts.summarizer, words=sum(words(s.text) for s in sentences))
    # the title every surface shows (story_title over the originals, as a collection titles the story
    # it stores: a copy's headline is no second outlet's); the summary's opening when none offers one
    titled = [a for a in ordered if a.id not in links]
    story = make_story(ordered, title=story_title(titled) or _lead_title(sentences))
    stats = Stats(
        articles=len(ordered),
        outlets=len({a.outlet for a in ordered}),
        sentences=sum(len(d.sentences) for d in docs),
        words=sum(words(a.text) for a in ordered),
        independent_outlets=len(set(keys.values())),
        copies=len(links),
        copy_of=tuple(CopyLink(i, links[i]) for i in dict.fromkeys(a.id for a in ordered) if i in links),
    )
    warnings: list[str] = []
    if not sentences:
        warnings.append(
            "no sentence could stand alone in a summary (too short, or only headlines and fragments)"
        )
    # entities, quotes, timeline and claims of the independent articles only: a copy would make its
    # original's quotes "2 outlets" and its entity mentions a second outlet's
    originals = [d for d in docs if d.article.id not in links]
    analysis = (
        analyze(originals, claims=opts.claims, alignment=alignment.subset(originals))
        if opts.analyze
        else Analysis()
    )
    return Brief(
        story=story,
        articles=tuple(ordered),
        summary=summary,
        stats=stats,
        entities=analysis.entities,
        quotes=analysis.quotes,
        timeline=analysis.timeline,
        claims=analysis.claims,
        warnings=tuple(warnings),
    )


def _select(
    docs: Sequence[Doc],
    budget: Budget,
    opts: BriefOptions,
    alignment: Alignment,
    copies: frozenset[str] = frozenset(),
) -> tuple[list[Pick], list[Supported]]:
    """Summary picks with their support, no fact told twice, the budget refilled where one was.

    When two picks turn out to be one fact in two outlets' words (``drop_restatements``), the
    weaker is dropped and the summarizer runs again with the dropped sentence, and the sentences
    already counted as support, hidden from it, so the freed words go to something new.
    """
    summarizer = _summarizer(opts)
    hidden: set[tuple[int, int]] = set()
    doc_of = {d.article.id: k for k, d in enumerate(docs)}
    for _round in range(_REFILL_ROUNDS):
        # a copy's sentences are its original's: the summary picks from the original and cites
        # the copy beside it (support finds the verbatim span), so a copy is never given a voice
        view = [
            Doc(d.article, tuple(s for s in d.sentences if (k, s.index) not in hidden))
            if d.article.id not in copies
            else Doc(d.article, ())
            for k, d in enumerate(docs)
        ]
        picks = cover_outlets(view, summarizer.select(view, budget), budget)
        supported = find_support(docs, picks, alignment)
        kept = drop_restatements(picks, supported)
        if len(kept) == len(picks):
            break
        hidden |= {(p.doc, p.index) for k, p in enumerate(picks) if k not in kept}
        hidden |= {(doc_of[c.article_id], c.sentence_index) for k in kept for c in supported[k].evidence}
        picks, supported = [picks[k] for k in kept], [supported[k] for k in kept]
    return picks, supported


def _summarizer(opts: BriefOptions) -> Summarizer:
    summarizer = get_summarizer(opts.summarizer)  # ConfigError for an unknown name
    return ConceptILP(opts.ilp) if isinstance(summarizer, ConceptILP) else summarizer


def _lead_title(sentences: Sequence[SummarySentence]) -> str:
    if not sentences:
        return ""
    head = sentences[0].text.split()
    return " ".join(head[:12]) + ("…" if len(head) > 12 else "")
