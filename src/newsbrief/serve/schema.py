"""Request and response models, and the request parsing FastAPI cannot do (records to articles,
query dates)."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsbrief.ingest import Skip, article_from_record, repeat_reason
from newsbrief.language import not_english
from newsbrief.model import Article, Brief
from newsbrief.serve.errors import ApiError


class ArticleIn(BaseModel):
    """One article in any shape ``newsbrief.ingest`` reads (newsbrief, news-please, trafilatura).

    Only the fields ingest uses are kept; other fields of those records (authors, image_url, …) are
    accepted and ignored so a news-please record can be posted as it is.
    """

    model_config = ConfigDict(extra="ignore", str_max_length=5_000_000)

    text: str | None = None
    maintext: str | None = None
    body: str | None = None
    content: str | None = None
    article: str | None = None
    title: Annotated[str | None, Field(max_length=2000)] = None
    headline: Annotated[str | None, Field(max_length=2000)] = None
    outlet: Annotated[str | None, Field(max_length=300)] = None
    source_domain: Annotated[str | None, Field(max_length=300)] = None
    sitename: Annotated[str | None, Field(max_length=300)] = None
    hostname: Annotated[str | None, Field(max_length=300)] = None
    source: Annotated[str | None, Field(max_length=300)] = None
    url: Annotated[str | None, Field(max_length=4096)] = None
    # a date as written, or a Unix time (seconds or milliseconds) as a number (``_unix_time``)
    published: Annotated[str | None, Field(max_length=100)] = None
    date_publish: Annotated[str | None, Field(max_length=100)] = None
    date: Annotated[str | None, Field(max_length=100)] = None
    publish_date: Annotated[str | None, Field(max_length=100)] = None
    pubdate: Annotated[str | None, Field(max_length=100)] = None
    language: Annotated[str | None, Field(max_length=20)] = None
    id: Annotated[str | None, Field(max_length=128)] = None

    @field_validator("published", "date_publish", "date", "publish_date", "pubdate", mode="before")
    @classmethod
    def _unix_time(cls, value: Any) -> Any:
        # a number is read as its digits would be, as the file readers read it (records._epoch)
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and value == value
            and abs(value) < 1e15
        ):
            return str(int(value))
        return value

    @model_validator(mode="after")
    def _has_text(self) -> Self:
        if not any(
            (getattr(self, k) or "").strip() for k in ("text", "maintext", "body", "content", "article")
        ):
            raise ValueError("no article text: give the field 'text' (or maintext, body, content, article)")
        return self


class IngestResult(BaseModel):
    received: int
    added: int
    skipped: list[dict[str, Any]]
    stories: list[str]


class StoryOut(BaseModel):
    id: str
    title: str
    articles: int
    outlets: list[str]
    first_seen: str | None  # ISO 8601 with offset, as every newsbrief output writes times
    last_seen: str | None
    brief: str


class StoryPage(BaseModel):
    stories: list[StoryOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class Health(BaseModel):
    status: str
    version: str
    stories: int


def articles_from(records: Sequence[ArticleIn], *, where: str) -> tuple[list[Article], list[dict[str, Any]]]:
    """Posted records → articles (``articles_from_records`` of their dumps)."""
    return articles_from_records([r.model_dump(exclude_none=True) for r in records], where=where)


def articles_from_records(
    records: Sequence[dict[str, Any]], *, where: str
) -> tuple[list[Article], list[dict[str, Any]]]:
    """Validated records (``ArticleIn`` dumps) → articles, through the same ``article_from_record``
    the file readers use; plain dicts, so the ingest worker process can take them.

    Like ingest from files, an unusable record is skipped with its reason, not fatal: one bad record
    should not cost a whole batch. Non-English text and repeated ids are skipped too.
    """
    articles: list[Article] = []
    skipped: list[dict[str, Any]] = []
    seen: dict[str, Article] = {}
    for i, record in enumerate(records):
        try:
            article = article_from_record(record, source=f"<{where}[{i}]>")
        except Skip as skip:
            skipped.append({"index": i, "reason": str(skip)})
            continue
        if article.language != "en":
            skipped.append(
                {"index": i, "reason": f"{not_english(article.language)}; newsbrief reads English only"}
            )
        elif article.id in seen:
            skipped.append({"index": i, "reason": repeat_reason(article, seen[article.id])})
        else:
            seen[article.id] = article
            articles.append(article)
    return articles, skipped


def day_bound(value: str | None, name: str, *, end: bool) -> datetime | None:
    """A query date or datetime; a bare ``until`` date includes that whole day. ``None`` when
    absent, or beyond the ends of the calendar (no bound). Raises ``ApiError`` (422) when invalid."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            when = datetime(d.year, d.month, d.day, tzinfo=UTC) + (timedelta(days=1) if end else timedelta())
        else:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        when.astimezone(UTC)  # the store compares UTC times
    except ValueError:
        raise ApiError(422, "invalid", f"query.{name}: not an ISO date or datetime: {value[:40]!r}") from None
    except OverflowError:
        # past the calendar's last day (until=9999-12-31 ends after it) or before its first: a bound
        # no stored time can cross, so there is none on that side
        return None
    return when


BRIEF_REF = "#/components/schemas/Brief"
ERROR_REF = "#/components/schemas/Error"


class ErrorField(BaseModel):
    field: str  # the request path of the bad value, e.g. ``body[1].title`` or ``query.words``
    message: str


class ErrorBody(BaseModel):
    status: int
    code: str  # a stable word: invalid, unauthorized, not_found, too_large, busy, unavailable, …
    message: str
    fields: list[ErrorField] | None = None  # 422 only: every invalid field (at most 50)


class Error(BaseModel):
    """Every error this server sends, whatever its status: ``{"error": {...}}``."""

    error: ErrorBody


# What each error status means on this server; the routes that can give it are listed in
# ``finish_openapi``.
ERROR_STATUSES = {
    "400": "Bad request: a Host header this server does not answer to, or a malformed request.",
    "401": "No valid 'Authorization: Bearer <token>' (only when the server has a token; on a stored "
    "story's brief, only for a budget other than the server's default that is not made yet).",
    "404": "No such story.",
    "408": "The request was not received in time.",
    "413": "The body is larger than the server's limit.",
    "422": "A request field is invalid; ``fields`` names each one.",
    "503": "The collection cannot be opened, or the server is busy; retry later (``Retry-After``).",
}


def finish_openapi(openapi: dict[str, Any], protected: set[tuple[str, str]]) -> dict[str, Any]:
    """``openapi`` (FastAPI's document) made to match what the server really sends.

    - The brief's JSON Schema (``Brief.json_schema``) and every record it refers to join the
      components, so a client can generate types for a brief route's JSON.
    - Errors: FastAPI documents its own 422 shape; this server answers every error as ``Error``, so
      each operation lists the statuses it can give with that schema.
    - ``protected`` ((method, path) pairs): operations that need the bearer token, with the
      ``bearer`` security scheme (empty when the server has no token: none is asked for).
    """
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    brief = Brief.json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(brief.pop("$defs", {}))
    schemas["Brief"] = brief
    error = Error.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error.pop("$defs", {}))
    schemas["Error"] = error
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    if protected:
        openapi["components"]["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "The server's --token."}
        }
    for path, operations in openapi.get("paths", {}).items():
        for method, op in operations.items():
            statuses = {"400", "408", "503"}
            if op.get("parameters") or method == "post":
                statuses.add("422")
            if method == "post":
                statuses.add("413")
            if "{story_id}" in path:
                statuses.add("404")
            if (method.upper(), path) in protected:
                statuses.add("401")
                op["security"] = [{"bearer": []}]
            elif protected and path.endswith("/brief") and method == "get":
                statuses.add("401")  # a new brief at a budget of the client's choosing
                op["security"] = [{}, {"bearer": []}]  # open, or with the token
            responses = op.setdefault("responses", {})
            for status in sorted(statuses):
                responses[status] = {
                    "description": ERROR_STATUSES[status],
                    "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
                }
    return openapi
