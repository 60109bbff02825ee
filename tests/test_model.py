from __future__ import annotations

import json

import pytest

from newsbrief.model import SCHEMA_VERSION, Brief


def test_brief_round_trips_through_json(seed_brief) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(seed_brief.to_dict()))
    assert data["schema"] == SCHEMA_VERSION
    again = Brief.from_dict(data)
    assert again == seed_brief
    assert again.to_dict() == seed_brief.to_dict()


def test_unknown_schema_is_refused(seed_brief) -> None:  # type: ignore[no-untyped-def]
    data = seed_brief.to_dict()
    data["schema"] = "newsbrief.brief/999"
    with pytest.raises(ValueError, match="unsupported brief schema"):
        Brief.from_dict(data)
