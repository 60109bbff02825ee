"""The all-MiniLM-L6-v2 sentence encoder as an ONNX graph, built from its safetensors weights.

No export step and no torch: the graph is written here with the ``onnx`` helper API, node for node
the forward pass of Hugging Face's ``BertModel`` (post-LayerNorm encoder, exact erf GELU), followed
by what the model's sentence-transformers modules say: mean pooling over the attention mask
(``1_Pooling/config.json``) and L2 normalization (``2_Normalize``). Every weight is an *external*
initializer that points into ``model.safetensors`` at its byte offset, so the checked weights file
is read as it is, the graph itself is a few kilobytes, and building it costs milliseconds.

safetensors layout (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
length ``N``, a JSON header ``{name: {"dtype", "shape", "data_offsets": [begin, end]}}`` and the
raw little-endian tensors, offsets counted from byte ``8 + N``.

The graph of the weights package newsbrief pins is shipped built (``data/minilm-l6-v2.onnx``,
with the key of the files it was built from): a brief then reads 30 kB instead of importing the
``onnx`` package (~30 MB installed, 0.03-0.07 CPU s to import) to build the same bytes.
``load_model`` checks the key and builds the graph only for other weights, which needs ``onnx``
(the ``dev`` extra). ``python -m newsbrief.onnx_model`` writes the shipped graph again; a test
checks that it is byte for byte what ``build_model`` builds.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsbrief.errors import ConfigError

INPUT_IDS = "input_ids"
ATTENTION_MASK = "attention_mask"
OUTPUT = "sentence_embedding"
OPSET = 18  # LayerNormalization (17); every Reduce op takes its axes as an input (18)
IR_VERSION = 8  # what onnxruntime >= 1.14 reads; newer onnx writes newer IR versions by default
_NEG = -1.0e9  # added to attention scores of padding tokens: exp() of it is exactly 0 in float32
PACKAGED = Path(__file__).resolve().parent / "data" / "minilm-l6-v2.onnx"
PACKAGED_KEY = PACKAGED.with_name(PACKAGED.name + ".key")


@dataclass(frozen=True, slots=True)
class BertConfig:
    """The shape of a BERT encoder, read from the model's ``config.json``."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    eps: float

    @classmethod
    def from_file(cls, path: Path) -> BertConfig:
        c = json.loads(path.read_text(encoding="utf-8"))
        if c.get("model_type") != "bert" or c.get("hidden_act") != "gelu":
            raise ConfigError(f"{path}: not a BERT encoder with GELU activations")
        if c.get("position_embedding_type", "absolute") != "absolute":
            raise ConfigError(f"{path}: only absolute position embeddings are supported")
        return cls(
            hidden=int(c["hidden_size"]),
            layers=int(c["num_hidden_layers"]),
            heads=int(c["num_attention_heads"]),
            intermediate=int(c["intermediate_size"]),
            eps=float(c["layer_norm_eps"]),
        )


@dataclass(frozen=True, slots=True)
class TensorEntry:
    """One tensor of a safetensors file: its shape and where its bytes lie in the file."""

    shape: tuple[int, ...]
    offset: int  # from the start of the file
    length: int


def read_safetensors_index(path: Path) -> dict[str, TensorEntry]:
    """The float32 tensors of a safetensors file by name (the header only; no tensor is read).

    Raises ``ConfigError`` for a file that is not safetensors or whose offsets lie outside it.
    """
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(8)
        if len(head) != 8:
            raise ConfigError(f"{path}: not a safetensors file")
        (n,) = struct.unpack("<Q", head)
        if n > min(size - 8, 100_000_000):
            raise ConfigError(f"{path}: not a safetensors file (header length {n})")
        try:
            header = json.loads(f.read(n))
        except ValueError as exc:
            raise ConfigError(f"{path}: not a safetensors file ({exc})") from exc
    base = 8 + n
    out: dict[str, TensorEntry] = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta.get("dtype") != "F32":
            continue
        begin, end = meta["data_offsets"]
        shape = tuple(int(d) for d in meta["shape"])
        if not 0 <= begin <= end or base + end > size or end - begin != 4 * math.prod(shape):
            raise ConfigError(f"{path}: tensor {name!r} lies outside the file or has the wrong size")
        out[name] = TensorEntry(shape, base + begin, end - begin)
    return out


class _Graph:
    """Accumulates nodes and initializers; names are generated so the builder reads like the model."""

    def __init__(self, weights_file: str, index: dict[str, TensorEntry]) -> None:
        from onnx import helper

        self.helper = helper
        self.weights_file = weights_file
        self.index = index
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self._used: set[str] = set()
        self._n = 0

    def weight(self, name: str) -> str:
        """An initializer read from the safetensors file (each declared once)."""
        from onnx import TensorProto

        if name not in self.index:
            raise ConfigError(f"the model's weights have no tensor {name!r}")
        if name not in self._used:
            e = self.index[name]
            t = TensorProto()
            t.name = name
            t.data_type = TensorProto.FLOAT
            t.dims.extend(e.shape)
            # ONNX external data: the bytes are ``length`` bytes at ``offset`` of ``location``
            # (https://onnx.ai/onnx/repo-docs/ExternalData.html).
            for key, value in (("location", self.weights_file), ("offset", e.offset), ("length", e.length)):
                entry = t.external_data.add()
                entry.key, entry.value = key, str(value)
            t.data_location = TensorProto.EXTERNAL
            self.inits.append(t)
            self._used.add(name)
        return name

    def const(self, values: list[int] | list[float], *, floats: bool = False) -> str:
        from onnx import TensorProto

        self._n += 1
        name = f"c{self._n}"
        dtype = TensorProto.FLOAT if floats else TensorProto.INT64
        dims = [] if len(values) == 1 and floats else [len(values)]
        self.inits.append(self.helper.make_tensor(name, dtype, dims, values))
        return name

    def op(self, kind: str, *inputs: str, **attrs: Any) -> str:
        self._n += 1
        out = f"{kind.lower()}{self._n}"
        self.nodes.append(self.helper.make_node(kind, list(inputs), [out], **attrs))
        return out

    def linear(self, x: str, prefix: str) -> str:
        """``x @ W.T + b`` for a torch ``Linear`` stored as ``W`` (out × in): MatMul with a
        transposed weight, which onnxruntime folds into one constant when the session starts."""
        w_t = self.op("Transpose", self.weight(f"{prefix}.weight"), perm=[1, 0])
        return self.op("Add", self.op("MatMul", x, w_t), self.weight(f"{prefix}.bias"))

    def layer_norm(self, x: str, prefix: str, eps: float) -> str:
        return self.op(
            "LayerNormalization",
            x,
            self.weight(f"{prefix}.weight"),
            self.weight(f"{prefix}.bias"),
            axis=-1,
            epsilon=eps,
        )


def build_model(model_dir: Path) -> tuple[bytes, str]:
    """The serialized ONNX model of the sentence encoder in ``model_dir``, and the folder its
    external weights must be read from (``model_dir`` itself).

    Inputs: ``input_ids`` and ``attention_mask``, int64 ``(batch, tokens)``; output
    ``sentence_embedding``, float32 ``(batch, hidden)``, each row of unit length. The graph holds no
    weight bytes (about 30 kB), so building it takes milliseconds. Raises ``ConfigError`` when the
    folder lacks the config or weights, or they describe another kind of model.
    """
    from onnx import TensorProto, helper

    weights = model_dir / "model.safetensors"
    config_file = model_dir / "config.json"
    if not weights.is_file() or not config_file.is_file():
        raise ConfigError(f"{model_dir}: the model's config.json or model.safetensors is missing")
    cfg = BertConfig.from_file(config_file)
    _check_pooling(model_dir)
    index = read_safetensors_index(weights)
    # Checkpoints saved from BertModel have no "bert." prefix; those saved from a task head do.
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in index else ""
    index = {k[len(prefix) :]: v for k, v in index.items() if k.startswith(prefix)}
    g = _Graph(weights.name, index)
    head_dim = cfg.hidden // cfg.heads

    # Embeddings: word + position + token type 0 (single sentences), then LayerNorm.
    ids_shape = g.op("Shape", INPUT_IDS)
    seq_len = g.op("Gather", ids_shape, _scalar(g, 1), axis=0)  # a scalar index gives a scalar
    positions = g.op("Range", _scalar(g, 0), seq_len, _scalar(g, 1))
    x = g.op("Gather", g.weight("embeddings.word_embeddings.weight"), INPUT_IDS, axis=0)
    x = g.op("Add", x, g.op("Gather", g.weight("embeddings.position_embeddings.weight"), positions, axis=0))
    x = g.op(
        "Add", x, g.op("Gather", g.weight("embeddings.token_type_embeddings.weight"), _scalar(g, 0), axis=0)
    )
    x = g.layer_norm(x, "embeddings.LayerNorm", cfg.eps)

    # Attention bias (batch, 1, 1, tokens): 0 for tokens, a large negative number for padding.
    mask_f = g.op("Cast", ATTENTION_MASK, to=TensorProto.FLOAT)
    bias = g.op("Mul", g.op("Sub", g.const([1.0], floats=True), mask_f), g.const([_NEG], floats=True))
    bias = g.op("Unsqueeze", bias, g.const([1, 2]))
    heads_shape = g.const([0, 0, cfg.heads, head_dim])  # 0: keep that dimension of the input
    merged_shape = g.const([0, 0, cfg.hidden])
    scale = g.const([1.0 / math.sqrt(head_dim)], floats=True)
    half, root2 = g.const([0.5], floats=True), g.const([math.sqrt(2.0)], floats=True)
    one = g.const([1.0], floats=True)

    for i in range(cfg.layers):
        p = f"encoder.layer.{i}"

        def split_heads(t: str) -> str:
            return g.op("Transpose", g.op("Reshape", t, heads_shape), perm=[0, 2, 1, 3])

        q = split_heads(g.linear(x, f"{p}.attention.self.query"))
        k = g.op(
            "Transpose",
            g.op("Reshape", g.linear(x, f"{p}.attention.self.key"), heads_shape),
            perm=[0, 2, 3, 1],
        )
        v = split_heads(g.linear(x, f"{p}.attention.self.value"))
        scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), bias)
        ctx = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
        ctx = g.op("Reshape", g.op("Transpose", ctx, perm=[0, 2, 1, 3]), merged_shape)
        x = g.layer_norm(
            g.op("Add", g.linear(ctx, f"{p}.attention.output.dense"), x),
            f"{p}.attention.output.LayerNorm",
            cfg.eps,
        )
        h = g.linear(x, f"{p}.intermediate.dense")
        # GELU, exact form as in BertModel: 0.5 * h * (1 + erf(h / sqrt(2)))
        h = g.op("Mul", g.op("Mul", h, half), g.op("Add", g.op("Erf", g.op("Div", h, root2)), one))
        x = g.layer_norm(g.op("Add", g.linear(h, f"{p}.output.dense"), x), f"{p}.output.LayerNorm", cfg.eps)

    # Mean over real tokens (sentence-transformers clamps the count at 1e-9), then unit length
    # (torch.nn.functional.normalize clamps the norm at 1e-12).
    m = g.op("Unsqueeze", mask_f, g.const([2]))
    summed = g.op("ReduceSum", g.op("Mul", x, m), g.const([1]), keepdims=0)
    count = g.op("Max", g.op("ReduceSum", m, g.const([1]), keepdims=0), g.const([1e-9], floats=True))
    mean = g.op("Div", summed, count)
    norm = g.op("Max", g.op("ReduceL2", mean, g.const([1]), keepdims=1), g.const([1e-12], floats=True))
    g.nodes.append(helper.make_node("Div", [mean, norm], [OUTPUT]))

    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info(INPUT_IDS, TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info(ATTENTION_MASK, TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["batch", cfg.hidden])],
        initializer=g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION)
    return model.SerializeToString(), str(model_dir)


def _scalar(g: _Graph, value: int) -> str:
    from onnx import TensorProto

    g._n += 1
    name = f"s{g._n}"
    g.inits.append(g.helper.make_tensor(name, TensorProto.INT64, [], [value]))
    return name


def _check_pooling(model_dir: Path) -> None:
    """The graph pools by the mask's mean: refuse a model whose pooling config says otherwise."""
    path = model_dir / "1_Pooling" / "config.json"
    if not path.is_file():
        return  # a bare BertModel folder: mean pooling is the sentence-transformers default
    c = json.loads(path.read_text(encoding="utf-8"))
    others = [
        k for k, v in c.items() if k.startswith("pooling_mode_") and v and k != "pooling_mode_mean_tokens"
    ]
    if not c.get("pooling_mode_mean_tokens") or others:
        raise ConfigError(f"{path}: only mean pooling is supported (config asks for {others or 'none'})")


def weights_key(model_dir: Path) -> str:
    """A SHA-256 of what the graph is built from: ``config.json``, the pooling config and the
    safetensors header (names, shapes and byte offsets; not the ~90 MB of weights, whose sha256
    the weights package itself pins), plus the graph's opset and IR version. Reads a few kB.

    Raises ``ConfigError`` when the config or weights are missing or the weights file is not
    safetensors.
    """
    weights = model_dir / "model.safetensors"
    config_file = model_dir / "config.json"
    if not weights.is_file() or not config_file.is_file():
        raise ConfigError(f"{model_dir}: the model's config.json or model.safetensors is missing")
    pooling = model_dir / "1_Pooling" / "config.json"
    h = hashlib.sha256(f"opset {OPSET} ir {IR_VERSION}\n".encode())
    h.update(config_file.read_bytes())
    h.update(pooling.read_bytes() if pooling.is_file() else b"")
    with weights.open("rb") as f:
        head = f.read(8)
        if len(head) != 8:
            raise ConfigError(f"{weights}: not a safetensors file")
        (n,) = struct.unpack("<Q", head)
        if n > min(weights.stat().st_size - 8, 100_000_000):
            raise ConfigError(f"{weights}: not a safetensors file (header length {n})")
        h.update(head + f.read(n))
    return h.hexdigest()


def load_model(model_dir: Path) -> tuple[bytes, str]:
    """What ``build_model`` returns for ``model_dir``: the shipped graph when it was built from
    these files (``weights_key``), otherwise a graph built now.

    Raises ``ConfigError`` as ``build_model`` does, and when a graph must be built but the ``onnx``
    package is not installed.
    """
    key = weights_key(model_dir)
    try:
        if PACKAGED_KEY.read_text(encoding="ascii").strip() == key:
            return PACKAGED.read_bytes(), str(model_dir)
    except OSError:
        pass  # no shipped graph (a source tree without package data): build it
    try:
        return build_model(model_dir)
    except ImportError as exc:
        raise ConfigError(
            f"the encoder's graph for the weights in {model_dir} is not the one newsbrief ships, and "
            "building one needs the onnx package: pip install onnx"
        ) from exc


def write_packaged(model_dir: Path) -> Path:
    """Build the graph of ``model_dir`` and write it, with its key, as the shipped graph."""
    model, _ = build_model(model_dir)
    PACKAGED.write_bytes(model)
    PACKAGED_KEY.write_text(weights_key(model_dir) + "\n", encoding="ascii")
    return PACKAGED


if __name__ == "__main__":  # python -m newsbrief.onnx_model: write the shipped graph again
    from newsbrief.embed import model_path

    print(write_packaged(model_path()), file=sys.stderr)
