"""The data model: frozen records that flow one way through the pipeline.

Every record serializes with ``to_dict()`` and comes back with ``from_dict()``. The codec is generic
(driven by the dataclass type hints) so that a new field cannot be forgotten in one direction only.
A ``Sentence`` or ``Citation`` holds character offsets into its article's cleaned text, never a copy,
so a citation can always be checked against its source.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Self, TypeVar

SCHEMA_VERSION = "newsbrief.brief/1"

T = TypeVar("T")


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _decode(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _decode(args[0], value)
    if origin is tuple:
        (item_tp, *_rest) = typing.get_args(tp)
        return tuple(_decode(item_tp, v) for v in value)
    if tp is datetime:
        return datetime.fromisoformat(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        known = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: _decode(hints[k], v) for k, v in value.items() if k in known})
    return value


class Record:
    """Mixin giving every model class the same JSON codec."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        encoded: dict[str, Any] = _encode(self)
        return encoded

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        decoded: Self = _decode(cls, data)
        return decoded


def stable_id(*parts: str, length: int = 16) -> str:
    """A short hex id that depends only on ``parts``: the same article always gets the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Article(Record):
    """One cleaned news article. ``text`` is the cleaned body every offset refers to."""

    id: str
    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: datetime | None = None
    language: str = "en"
    source: str = ""  # where it was read from ("path" or "path:line"), for messages only


@dataclass(frozen=True, slots=True)
class Sentence(Record):
    """A view into ``Article.text`` by character offsets ``[start, end)``."""

    article_id: str
    index: int
    start: int
    end: int

    def text(self, article: Article) -> str:
        if article.id != self.article_id:
            raise ValueError(f"sentence belongs to article {self.article_id}, not {article.id}")
        return article.text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Citation(Record):
    """Where a piece of a brief comes from: an article sentence, and the exact span used."""

    article_id: str
    sentence_index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SummarySentence(Record):
    """A summary sentence, the source span(s) it is taken from, and who else reports it.

    ``citations`` point at spans whose text *is* this sentence (one per article carrying it
    verbatim). ``evidence`` points at other outlets' sentences that say the same thing in their own
    words; ``support`` is the sorted set of independent outlets behind the sentence (cited plus
    evidence), so ``len(support)`` is the "reported by N outlets" count. ``related`` points at
    other outlets' sentences on the same matter that do not state the same main fact (part of it,
    or other values): shown as related, never counted in ``support``.
    """

    text: str
    citations: tuple[Citation, ...]
    support: tuple[str, ...] = ()
    evidence: tuple[Citation, ...] = ()
    related: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Summary(Record):
    sentences: tuple[SummarySentence, ...]
    method: str
    words: int

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Story(Record):
    id: str
    article_ids: tuple[str, ...]
    title: str
    first_seen: datetime | None = None
    last_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class Mention(Record):
    outlet: str
    count: int


@dataclass(frozen=True, slots=True)
class Entity(Record):
    name: str
    kind: str  # PERSON, ORG, GPE/LOC, ...
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    citations: tuple[Citation, ...] = ()
    # For a bare name the story cannot pin down ("Kim" among several Kims): the people it may be.
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteVariant(Record):
    text: str
    outlet: str
    citation: Citation
    status: str = "full"  # full | truncated | altered


@dataclass(frozen=True, slots=True)
class Quote(Record):
    text: str
    speaker: str | None
    variants: tuple[QuoteVariant, ...] = ()
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEvent(Record):
    date: str  # ISO prefix matching the precision: "2019", "2019-02", "2019-02-27"
    precision: str  # day | month | year
    text: str
    citations: tuple[Citation, ...] = ()
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class Claim(Record):
    text: str
    status: str  # agree | unique | conflict
    outlets: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CopyLink(Record):
    """``article_id`` is a copy (verbatim, trimmed or lightly edited) of ``original_id``."""

    article_id: str
    original_id: str


@dataclass(frozen=True, slots=True)
class Stats(Record):
    """Counts of a brief's input. ``articles`` counts every article, copies included; ``outlets``
    every outlet name; ``independent_outlets`` the independent sources once copies are linked to
    their originals (``dedupe.independence_keys``), and ``copies`` the linked copies, listed in
    ``copy_of``. Briefs written before these fields read them as 0 and ()."""

    articles: int
    outlets: int
    sentences: int
    words: int
    independent_outlets: int = 0
    copies: int = 0
    copy_of: tuple[CopyLink, ...] = ()


@dataclass(frozen=True, slots=True)
class Brief(Record):
    """Everything newsbrief says about one story, self-contained: citations resolve in ``articles``."""

    schema: ClassVar[str] = SCHEMA_VERSION

    story: Story
    articles: tuple[Article, ...]
    summary: Summary
    stats: Stats
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    claims: tuple[Claim, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"schema": self.schema, **_encode(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        schema = data.get("schema")
        if schema != SCHEMA_VERSION:
            raise ValueError(f"unsupported brief schema {schema!r}; this version reads {SCHEMA_VERSION!r}")
        decoded: Self = _decode(cls, data)
        return decoded

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
