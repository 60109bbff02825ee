"""The ONNX Runtime encoder, on the real all-MiniLM-L6-v2 weights.

The reference here is an independent forward pass of the same safetensors weights in numpy (BERT
as Hugging Face's BertModel computes it, then mean pooling and L2 norm): the ONNX graph must agree
with it. (The comparison with sentence-transformers itself, which needs torch, is
benchmarks/embed_parity.py.)
"""

from __future__ import annotations

import json
import math
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from newsbrief import embed as embed_module
from newsbrief.embed import DIM, MAX_TOKENS, _batches, _Encoder, _encoder, embed, model_path, threads

SENTENCES = [
    "The city council approved the budget on Tuesday after a long debate.",
    "Council members voted on Tuesday to pass the city's spending plan.",
    "A rare orchid bloomed in the botanical garden for the first time in 40 years.",
    "Rain.",
    "   Officials said 12 people were injured when the warehouse caught fire early on Sunday morning.  ",
]
F32 = npt.NDArray[np.float32]


def _weights(folder: Path) -> dict[str, F32]:
    """Every float32 tensor of model.safetensors, read from the documented layout."""
    raw = (folder / "model.safetensors").read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    out = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] != "F32":
            continue
        b, e = meta["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + b : 8 + n + e], dtype="<f4").reshape(meta["shape"])
    return out


def _numpy_minilm(ids: list[int], w: dict[str, F32]) -> F32:
    """One sentence through BERT in numpy (no padding), mean-pooled and normalized."""

    def ln(x: F32, p: str) -> F32:
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * w[f"{p}.weight"] + w[f"{p}.bias"]

    def lin(x: F32, p: str) -> F32:
        return x @ w[f"{p}.weight"].T + w[f"{p}.bias"]

    erf = np.vectorize(math.erf)
    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
    x = ln(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
    for i in range(6):
        p = f"encoder.layer.{i}"
        q, k, v = (
            lin(x, f"{p}.attention.self.{t}").reshape(n, 12, 32).transpose(1, 0, 2)
            for t in ("query", "key", "value")
        )
        s = q @ k.transpose(0, 2, 1) / math.sqrt(32)
        a = np.exp(s - s.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        ctx = (a @ v).transpose(1, 0, 2).reshape(n, 384)
        x = ln(lin(ctx, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
        h = lin(x, f"{p}.intermediate.dense")
        h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
        x = ln(lin(h, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
    m = x.mean(0)
    return (m / np.linalg.norm(m)).astype(np.float32)


def test_vectors_are_unit_float32_rows() -> None:
    v = embed(SENTENCES)
    assert v.shape == (len(SENTENCES), DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    empty = embed([])
    assert empty.shape == (0, DIM) and empty.dtype == np.float32


def test_the_graph_computes_what_a_numpy_forward_pass_of_the_same_weights_computes() -> None:
    w = _weights(model_path())
    tok = _encoder().tokenizer
    want = np.stack([_numpy_minilm(tok.encode(s.strip()).ids, w) for s in SENTENCES])
    got = embed(SENTENCES)
    cos = np.sum(want * got, axis=1)
    assert cos.min() > 0.99999, cos
    assert np.abs(want - got).max() < 1e-4


def test_meaning_decides_similarity() -> None:
    a, b, c = embed(SENTENCES[:3])
    assert float(a @ b) > 0.6 > float(a @ c)


def test_a_vector_does_not_depend_on_the_batch_it_was_padded_in() -> None:
    together = embed(SENTENCES)
    alone = np.stack([embed([s])[0] for s in SENTENCES])
    assert np.abs(together - alone).max() < 1e-5
    assert np.array_equal(embed(SENTENCES), together)  # deterministic


class _CountingSession:
    """The real ONNX Runtime session, counting the rows it is given."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.rows = 0

    def run(self, names: Any, feeds: dict[str, Any]) -> Any:
        self.rows += len(feeds["input_ids"])
        return self.session.run(names, feeds)


def test_a_text_given_twice_is_run_once_with_one_vector_for_both(monkeypatch: pytest.MonkeyPatch) -> None:
    real = _encoder()
    counting = _CountingSession(real.session)
    monkeypatch.setattr(embed_module, "_ENCODER", _Encoder(real.tokenizer, counting))
    texts = [SENTENCES[0], SENTENCES[2], SENTENCES[0], " " + SENTENCES[2] + "\n", SENTENCES[1]]
    got = embed(texts)
    assert counting.rows == 3  # stripped, the two copies are the texts already given
    assert np.array_equal(got, embed([SENTENCES[0], SENTENCES[2], SENTENCES[1]])[[0, 1, 0, 1, 2]])
    alone = np.stack([embed([t])[0] for t in texts])
    assert np.abs(got - alone).max() < 1e-5  # the vectors each text gets on its own
    counting.rows = 0
    embed(SENTENCES[:3])
    assert counting.rows == 3  # distinct texts: every one is run


def test_idle_model_threads_do_not_spin() -> None:
    # ONNX Runtime's default keeps idle pool threads spinning for the next run: measured at
    # ~30 % more CPU for the same vectors (docs/latency.md, fourth round)
    options = _encoder().session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert options.inter_op_num_threads == 1  # sequential: no inter-op pool to spin at all


def test_texts_are_cut_at_the_models_256_word_pieces() -> None:
    long = " ".join(["Officials counted the ballots again in every district of the province."] * 40)
    longer = long + " " + "An unrelated sentence about orchids and gardens follows at the very end." * 5
    assert len(_encoder().tokenizer.encode(long).ids) == MAX_TOKENS
    a, b = embed([long, longer])
    assert np.abs(a - b).max() < 1e-5


def test_threads_share_one_model() -> None:
    want = embed(SENTENCES)
    results: list[F32] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(embed(SENTENCES))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert not errors
    assert len(results) == 4 and all(np.abs(r - want).max() < 1e-5 for r in results)


def test_batches_group_similar_lengths_longest_first() -> None:
    assert _batches([10, 50, 48, 9, 100], 64) == [[4], [1, 2], [0, 3]]
    assert _batches([5] * 5, 2) == [[0, 1], [2, 3], [4]]
    assert _batches([], 64) == []
    assert _batches([100] * 5, 64, max_tokens=250) == [[0, 1], [2, 3], [4]]  # bounded working memory


def test_thread_count_follows_omp_num_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "lots")
    assert threads() == 0
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert threads() == 0


def test_embedding_imports_neither_torch_nor_sentence_transformers() -> None:
    code = (
        "import sys\n"
        "from newsbrief.embed import embed\n"
        "embed(['The council approved the budget.'])\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""  # no warnings or progress bars on the user's terminal
