"""A small synthetic news corpus for the collection, clustering and runner tests.

Three stories (a dam failure, a chess championship, a central-bank rate decision) told by several
outlets in their own words, one wire copy printed by two outlets, and the dam story returning a
month later (a new story by the time rule).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DAM = [
    "The Karsten dam on the Velta river failed early on Tuesday, flooding three villages downstream. "
    "Rescue teams evacuated about 4,000 residents from Brenholm, Ostvik and Lund as the reservoir emptied. "
    "Engineers had warned last spring that the spillway of the Karsten dam was cracked.",
    "Floodwater from the collapsed Karsten dam swept through Brenholm and Ostvik on Tuesday morning. "
    "Regional governor Elsa Marken said rescuers moved roughly 4,000 villagers to shelters. "
    "An inspection report had flagged cracks in the dam spillway months before the collapse.",
    "Villagers in Lund described a roar before the Velta river rose, after the Karsten dam gave way. "
    "Governor Elsa Marken ordered an inquiry into why warnings about the dam spillway were ignored. "
    "Shelters in the regional capital took in families evacuated from the flooded villages.",
]
CHESS = [
    "Grandmaster Ilya Sorensen won the world chess championship in Reykjavik on Sunday, beating defending "
    "champion Tomas Abara in a rapid tiebreak after twelve drawn classical games. "
    "Sorensen sacrificed a rook in the final game and Abara resigned on move 41.",
    "Tomas Abara lost his chess title to Ilya Sorensen in Reykjavik after the tiebreak games. "
    "The classical match had ended level with twelve draws, and Sorensen's rook sacrifice decided the last game. "
    "Abara congratulated the new champion and said he would return for a rematch.",
    "Ilya Sorensen is the new world chess champion. In Reykjavik the challenger beat Tomas Abara in rapid "
    "tiebreaks, finishing the decisive game with a bold rook sacrifice that forced resignation on move 41.",
]
RATES = [
    "The central bank of Norland raised its benchmark interest rate by half a point to 4.5 percent on Thursday, "
    "citing stubborn inflation in food and energy prices. Governor Petra Hale said further increases were possible.",
    "Norland's central bank lifted borrowing costs to 4.5 percent, its sharpest rate increase in a decade. "
    "Governor Petra Hale told reporters that inflation in energy and food had not eased enough.",
]
WIRE = (
    "Rescue crews searched flooded homes along the Velta river on Wednesday after the Karsten dam collapse, "
    "and officials said two people were still missing. Army helicopters dropped food and water to farms cut off "
    "by the flood, and the regional government opened four more shelters for evacuated families from Brenholm."
)
RETURN = (
    "A month after the Karsten dam collapse, the inquiry into the failure opened in the regional capital. "
    "Investigators said the Velta river dam spillway cracks had been reported twice before the flood of Brenholm."
)


def records() -> list[dict[str, Any]]:
    """Every article of the corpus as a news-please style record."""
    out: list[dict[str, Any]] = []
    outlets = ["north-post.example", "daily-ledger.example", "river-times.example"]
    for n, text in enumerate(DAM):
        out.append(
            _record(text, f"Dam report {n}", outlets[n], f"2024-03-0{5 + n}T08:00:00+00:00", f"dam{n}")
        )
    for n, text in enumerate(CHESS):
        out.append(
            _record(text, f"Chess final {n}", outlets[n], f"2024-03-0{3 + n}T20:00:00+00:00", f"chess{n}")
        )
    for n, text in enumerate(RATES):
        out.append(_record(text, f"Rates {n}", outlets[n], f"2024-03-07T12:0{n}:00+00:00", f"rates{n}"))
    # the same wire story printed by two outlets: one source, not two
    out.append(_record(WIRE, "Search continues", "wire-one.example", "2024-03-06T10:00:00+00:00", "wire-a"))
    out.append(
        _record(WIRE + " ", "Search goes on", "wire-two.example", "2024-03-06T11:30:00+00:00", "wire-b")
    )
    out.append(_record(RETURN, "Dam inquiry opens", outlets[0], "2024-04-10T09:00:00+00:00", "dam-return"))
    return out


def _record(text: str, title: str, outlet: str, date: str, slug: str) -> dict[str, Any]:
    return {
        "title": title,
        "maintext": text,
        "source_domain": outlet,
        "url": f"https://{outlet}/{slug}",
        "date_publish": date,
        "language": "en",
    }


def write_corpus(directory: Path, shards: int = 2) -> Path:
    """Write the corpus as ``shards`` JSONL files under ``directory``; return the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = records()
    for s in range(shards):
        part = rows[s::shards]
        (directory / f"shard-{s:02d}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in part), encoding="utf-8"
        )
    return directory
