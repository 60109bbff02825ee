"""The data model: frozen records that flow one way through the pipeline.

Every record serializes with ``to_dict()`` and comes back with ``from_dict()``. The codec is generic
(driven by the dataclass type hints) so that a new field cannot be forgotten in one direction only.
A ``Sentence`` or ``Citation`` holds character offsets into its article's cleaned text, never a copy,
so a citation can always be checked against its source.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Self, TypeVar

from pydantic import ConfigDict, TypeAdapter, ValidationError

from newsbrief.errors import SchemaError

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


# Decoding is validation: pydantic reads the dataclasses' type hints and checks every field in
# strict JSON mode (an int is an int, never "3" or true; an array becomes a tuple; an ISO string a
# datetime; a ``X | None`` union tries every member) and refuses keys the model does not have.
_STRICT = ConfigDict(extra="forbid", strict=True)

# What a reader of the error needs, keyed by pydantic's error type (pydantic_core error codes).
_EXPECTED = {
    "int_type": "expected an integer",
    "int_parsing": "expected an integer",
    "string_type": "expected a string",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "tuple_type": "expected an array",
    "list_type": "expected an array",
    "dataclass_type": "expected an object",
    "dataclass_exact_type": "expected an object",
    "dict_type": "expected an object",
    "datetime_type": "expected an ISO 8601 date-time",
    "datetime_parsing": "expected an ISO 8601 date-time",
    "datetime_from_date_parsing": "expected an ISO 8601 date-time",
    "missing": "required field missing",
    "missing_argument": "required field missing",
    "extra_forbidden": "unknown field",
    "unexpected_keyword_argument": "unknown field",
    "none_required": "expected null",
}


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter(cls: type) -> TypeAdapter[Any]:
    """The validator of ``cls``, built once per class (building one costs a few milliseconds)."""
    if cls not in _ADAPTERS:
        _ADAPTERS[cls] = TypeAdapter(cls)
    return _ADAPTERS[cls]


def field_path(loc: Sequence[int | str]) -> str:
    """``("summary", "sentences", 2, "start")`` as ``summary.sentences[2].start``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _schema_error(cls: type, exc: ValidationError) -> SchemaError:
    lines = []
    for err in exc.errors(include_url=False):
        # a union reports each member it tried under the member's name ("datetime", "none"):
        # the reader wants the field, so those parts are dropped from the path
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p in _UNION_MEMBERS)]
        lines.append(f"{field_path(loc)}: {_EXPECTED.get(err['type'], err['msg'])}")
    unique = list(dict.fromkeys(lines))
    more = f" (and {len(unique) - 3} more)" if len(unique) > 3 else ""
    return SchemaError(f"invalid {cls.__name__}: " + "; ".join(unique[:3]) + more)


_UNION_MEMBERS = frozenset({"datetime", "none", "str", "int", "bool"})


def _decode(cls: type[T], value: Any) -> T:
    if not isinstance(value, dict):
        raise SchemaError(f"invalid {cls.__name__}: expected an object, got {type(value).__name__}")
    try:
        # JSON mode: the dict is what ``to_dict`` wrote (JSON types), read back as JSON would be
        decoded: T = _adapter(cls).validate_json(json.dumps(value, ensure_ascii=False))
    except ValidationError as exc:
        raise _schema_error(cls, exc) from None
    except (TypeError, ValueError) as exc:  # a value json cannot even encode (a set, an object)
        raise SchemaError(f"invalid {cls.__name__}: {exc}") from None
    return decoded


class Record:
    """Mixin giving every model class the same JSON codec.

    ``to_dict`` gives JSON types only (datetimes as ISO 8601 strings, tuples as lists);
    ``from_dict`` validates as it decodes and raises ``SchemaError`` naming the field path of
    every wrong type, missing field or unknown key. Cost: the first decode of a class builds its
    validator (milliseconds); later ones are linear in the size of the data.
    """

    __slots__ = ()
    __pydantic_config__ = _STRICT

    def to_dict(self) -> dict[str, Any]:
        encoded: dict[str, Any] = _encode(self)
        return encoded

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return _decode(cls, data)


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
    """The summary: ``sentences`` in reading order, the ``method`` (summarizer name) that picked
    them, and ``words``, their total word count."""

    sentences: tuple[SummarySentence, ...]
    method: str
    words: int

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Story(Record):
    """One story: a stable ``id`` (hash of its article ids), its articles, a title, and the first
    and last publication times among them (``None`` when no article is dated)."""

    id: str
    article_ids: tuple[str, ...]
    title: str
    first_seen: datetime | None = None
    last_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """How many times one outlet names an entity."""

    outlet: str
    count: int


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A person, organization or place the story names, merged across outlets: its canonical
    ``name``, spaCy ``kind``, other spellings, titles, per-outlet mention counts and citations."""

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
    """One outlet's wording of a quote; ``status`` says whether it is the full quote, a
    truncated one or an altered one."""

    text: str
    outlet: str
    citation: Citation
    status: str = "full"  # full | truncated | altered


@dataclass(frozen=True, slots=True)
class Quote(Record):
    """A direct quotation, its speaker (``None`` when unattributed) and each outlet's variant."""

    text: str
    speaker: str | None
    variants: tuple[QuoteVariant, ...] = ()
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEvent(Record):
    """A dated event; ``inferred`` when the date was worked out from a relative expression."""

    date: str  # ISO prefix matching the precision: "2019", "2019-02", "2019-02-27"
    precision: str  # day | month | year
    text: str
    citations: tuple[Citation, ...] = ()
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class Claim(Record):
    """A fact and how outlets stand on it: ``agree`` (several report it), ``unique`` (one does)
    or ``conflict`` (they give different values; ``detail`` says which)."""

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
        """The brief ``to_dict`` wrote. Raises ``SchemaError`` for another ``schema`` version, a
        wrong type, a missing field or an unknown key, naming the field path."""
        if not isinstance(data, dict):
            raise SchemaError(f"invalid Brief: expected an object, got {type(data).__name__}")
        schema = data.get("schema")
        if schema != SCHEMA_VERSION:
            raise SchemaError(f"unsupported brief schema {schema!r}; this version reads {SCHEMA_VERSION!r}")
        return _decode(cls, {k: v for k, v in data.items() if k != "schema"})

    @classmethod
    def json_schema(cls, ref_template: str = "#/$defs/{model}") -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) of ``to_dict()``'s output, ``schema`` key included, as
        pydantic derives it from the dataclasses; the records it refers to are under ``$defs``
        (``ref_template`` says where a reference points, e.g. OpenAPI's components)."""
        schema: dict[str, Any] = _adapter(cls).json_schema(mode="validation", ref_template=ref_template)
        version = {"const": SCHEMA_VERSION, "title": "Schema", "type": "string"}
        schema["properties"] = {"schema": version, **schema["properties"]}
        schema["required"] = ["schema", *schema.get("required", [])]
        schema["title"] = SCHEMA_VERSION
        return schema

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)


def brief_schema_json() -> str:
    """``Brief.json_schema()`` as the text of docs/brief.schema.json (sorted keys, 2-space indent)."""
    return json.dumps(Brief.json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
