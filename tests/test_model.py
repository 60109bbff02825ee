from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsbrief.errors import InputError, SchemaError
from newsbrief.model import (
    SCHEMA_VERSION,
    Article,
    Brief,
    Citation,
    Stats,
    Story,
    Summary,
    SummarySentence,
    brief_schema_json,
)

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "brief.schema.json"


def small_brief() -> Brief:
    text = "Rain fell. Roads closed. Schools shut."
    a = Article("a1", text, title="Storm", outlet="Daily", published=datetime(2024, 5, 1, 9, tzinfo=UTC))
    b = Article("b2", "Rain fell.", outlet="Herald")
    cites = [Citation("a1", 0, 0, 10), Citation("a1", 1, 11, 24), Citation("a1", 2, 25, 38)]
    sentences = tuple(SummarySentence(text[c.start : c.end], (c,), support=("Daily",)) for c in cites)
    return Brief(
        story=Story("s1", ("a1", "b2"), "Storm", first_seen=a.published, last_seen=a.published),
        articles=(a, b),
        summary=Summary(sentences, method="newsbrief", words=6),
        stats=Stats(articles=2, outlets=2, sentences=4, words=8),
        warnings=("a warning",),
    )


def test_small_brief_round_trips_exactly() -> None:
    brief = small_brief()
    data = json.loads(json.dumps(brief.to_dict()))
    again = Brief.from_dict(data)
    assert again == brief
    assert json.dumps(again.to_dict()) == json.dumps(brief.to_dict())


def test_brief_round_trips_through_json(seed_brief) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(seed_brief.to_dict()))
    assert data["schema"] == SCHEMA_VERSION
    again = Brief.from_dict(data)
    assert again == seed_brief
    assert again.to_dict() == seed_brief.to_dict()


def _broken(edit: Any) -> dict[str, Any]:
    data = copy.deepcopy(small_brief().to_dict())
    edit(data)
    return data


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["summary"]["sentences"][2]["citations"][0].update(start="3"),
            r"summary\.sentences\[2\]\.citations\[0\]\.start: expected an integer",
        ),
        (
            lambda d: d["summary"]["sentences"][1]["citations"][0].update(start=True),
            r"summary\.sentences\[1\]\.citations\[0\]\.start: expected an integer",
        ),
        (lambda d: d["story"].update(extra=1), r"story\.extra: unknown field"),
        (lambda d: d.update(headline="x"), r"headline: unknown field"),
        (lambda d: d["stats"].pop("articles"), r"stats\.articles: required field missing"),
        (
            lambda d: d["articles"][0].update(published="yesterday"),
            r"articles\[0\]\.published: expected an ISO",
        ),
        (lambda d: d["story"].update(first_seen=5), r"story\.first_seen: expected an ISO"),
        (lambda d: d["story"].update(title=None), r"story\.title: expected a string"),
        (lambda d: d.update(warnings="one"), r"warnings: expected an array"),
        (lambda d: d.update(summary=[]), r"summary: expected an object"),
    ],
)
def test_wrong_types_unknown_keys_and_missing_fields_name_the_path(edit: Any, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        Brief.from_dict(_broken(edit))


def test_schema_error_is_an_input_error() -> None:
    assert issubclass(SchemaError, InputError)
    with pytest.raises(SchemaError, match="expected an object"):
        Brief.from_dict([])  # type: ignore[arg-type]


def test_optional_union_takes_none_or_the_member_not_the_first_blindly() -> None:
    data = _broken(lambda d: d["articles"][0].update(published=None))
    assert Brief.from_dict(data).articles[0].published is None
    with pytest.raises(SchemaError, match=r"articles\[0\]\.published"):
        Brief.from_dict(_broken(lambda d: d["articles"][0].update(published=[2024])))


def test_unknown_schema_is_refused() -> None:
    data = small_brief().to_dict()
    data["schema"] = "newsbrief.brief/999"
    with pytest.raises(SchemaError, match="unsupported brief schema"):
        Brief.from_dict(data)


def test_records_other_than_brief_validate_too() -> None:
    with pytest.raises(SchemaError, match=r"text: required field missing"):
        Article.from_dict({"id": "x"})
    assert Article.from_dict({"id": "x", "text": "t"}) == Article("x", "t")


def test_committed_json_schema_is_the_generated_one() -> None:
    # regenerate with: PYTHONPATH=src python -c "from newsbrief.model import brief_schema_json;
    # print(brief_schema_json(), end='')" > docs/brief.schema.json
    assert SCHEMA_FILE.read_text(encoding="utf-8") == brief_schema_json()


def test_json_schema_describes_the_brief_and_refuses_extra_keys() -> None:
    schema = json.loads(brief_schema_json())
    assert schema["properties"]["schema"]["const"] == SCHEMA_VERSION
    assert schema["required"][0] == "schema"
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Citation"]["properties"]["start"]["type"] == "integer"
    assert set(schema["properties"]) == {"schema", *Brief.__dataclass_fields__}


def test_openapi_document_publishes_the_brief_schema(tmp_path: Path) -> None:
    from newsbrief.serve import create_app

    doc = create_app(tmp_path / "c.db").openapi()
    schemas = doc["components"]["schemas"]
    assert schemas["Brief"]["properties"]["schema"]["const"] == SCHEMA_VERSION
    assert schemas["Brief"]["properties"]["summary"] == {"$ref": "#/components/schemas/Summary"}
    assert "SummarySentence" in schemas and "Citation" in schemas
    for path in ("/v1/brief", "/v1/stories/{story_id}/brief"):
        method = "post" if path == "/v1/brief" else "get"
        content = doc["paths"][path][method]["responses"]["200"]["content"]
        assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Brief"}
        assert "text/html; charset=utf-8" in content
    json.dumps(doc)  # the document stays plain JSON
