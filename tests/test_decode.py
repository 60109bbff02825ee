"""Bytes to text (newsbrief.decode) on real bytes of the legacy charsets users still send."""

from __future__ import annotations

import logging

import pytest

from newsbrief.decode import decode_bytes

CHINESE = "北京市政府周二宣布了一项新的交通计划，旨在减少市中心的交通拥堵。官员表示，该计划将于明年实施。"
TRADITIONAL = "台北市政府週二宣佈了一項新的交通計畫，旨在減少市中心的交通擁堵。官員表示，該計畫將於明年實施。"
JAPANESE = "東京都は火曜日、都心の交通渋滞を減らすための新しい交通計画を発表した。計画は来年実施される。"
KOREAN = "서울시는 화요일 도심 교통 혼잡을 줄이기 위한 새로운 교통 계획을 발표했다. 계획은 내년에 시행된다."


@pytest.mark.parametrize(
    ("text", "codec"), [(CHINESE, "gbk"), (TRADITIONAL, "big5"), (JAPANESE, "shift_jis"), (KOREAN, "euc_kr")]
)
def test_undeclared_east_asian_bytes_are_read_in_their_charset(
    text: str, codec: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        assert decode_bytes(text.encode(codec), "a.txt") == text
    assert "no charset declared; read as" in caplog.text and "guessed from the bytes" in caplog.text


def test_undeclared_western_bytes_stay_windows_1252(caplog: pytest.LogCaptureFixture) -> None:
    text = "Renée Müller opened the café in Zürich on Tuesday, “a dream,” she said — naïve or not."
    with caplog.at_level(logging.WARNING, logger="newsbrief"):
        assert decode_bytes(text.encode("cp1252"), "a.txt") == text
    assert "read as cp1252" in caplog.text
