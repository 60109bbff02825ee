"""The ONNX Runtime encoder against sentence-transformers on the same all-MiniLM-L6-v2 weights.

    PYTHONPATH=src python benchmarks/embed_parity.py [--sentences 1200] [--data FILE.jsonl]

Needs sentence-transformers and torch, which the runtime install no longer has: run it in a venv
that has both (``pip install -r requirements/verify.txt``). Sentences are the first N split from
the articles of ../shared/data/multinews-dev100.jsonl (read at run time, never copied). Prints the
cosine between the two embeddings of each sentence (min / mean / share ≥ 0.999), the largest
absolute difference of a coordinate, and the CPU seconds each spends on the same sentences.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from newsbrief.embed import embed, model_path
from newsbrief.split import split_spans

SHARED = next(
    (p / "shared" for p in Path(__file__).resolve().parents if (p / "shared" / "data").is_dir()),
    Path(__file__).resolve().parents[2] / "shared",
)


def sentences(path: Path, n: int) -> list[str]:
    out: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            for doc in json.loads(line)["docs"]:
                out.extend(doc[a:b] for a, b in split_spans(doc))
                if len(out) >= n:
                    return out[:n]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=1200)
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "multinews-dev100.jsonl")
    args = ap.parse_args()
    texts = sentences(args.data, args.sentences)

    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(model_path()), device="cpu")
    reference.encode(texts[:8], normalize_embeddings=True, show_progress_bar=False)  # warm both
    embed(texts[:8])
    t0 = time.process_time()
    want = np.asarray(
        reference.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False),
        dtype=np.float32,
    )
    t1 = time.process_time()
    got = embed(texts)
    t2 = time.process_time()

    cos = np.sum(want * got, axis=1) / (np.linalg.norm(want, axis=1) * np.linalg.norm(got, axis=1))
    norms = np.linalg.norm(got, axis=1)
    print(f"sentences: {len(texts)} from {args.data.name}")
    print(
        f"cosine ONNX vs sentence-transformers: min {cos.min():.7f}  mean {cos.mean():.7f}  "
        f"share >= 0.999: {np.mean(cos >= 0.999):.4f}"
    )
    print(
        f"max |difference| of a coordinate: {np.abs(want - got).max():.2e}; ONNX row norms {norms.min():.6f}..{norms.max():.6f}"
    )
    print(
        f"CPU s: sentence-transformers {t1 - t0:.2f}  ONNX Runtime {t2 - t1:.2f}  "
        f"({len(texts) / (t1 - t0):.0f} vs {len(texts) / (t2 - t1):.0f} sentences per CPU s)"
    )


if __name__ == "__main__":
    main()
