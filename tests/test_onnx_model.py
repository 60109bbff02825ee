from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from newsbrief.embed import model_path
from newsbrief.errors import ConfigError
from newsbrief.onnx_model import (
    OUTPUT,
    PACKAGED,
    BertConfig,
    build_model,
    load_model,
    read_safetensors_index,
    weights_key,
)


def _safetensors(path: Path, header: dict[str, object], data: bytes) -> Path:
    head = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(head)) + head + data)
    return path


def test_the_index_gives_each_tensors_place_in_the_file(tmp_path: Path) -> None:
    f = _safetensors(
        tmp_path / "m.safetensors",
        {
            "__metadata__": {"format": "pt"},
            "a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
            "ids": {"dtype": "I64", "shape": [1], "data_offsets": [16, 24]},
        },
        bytes(24),
    )
    index = read_safetensors_index(f)
    assert set(index) == {"a"}  # only float32 tensors are weights the graph can use
    head = len(f.read_bytes()) - 24  # tensor bytes start after the 8-byte length and the header
    assert index["a"].shape == (2, 2) and index["a"].offset == head and index["a"].length == 16


@pytest.mark.parametrize(
    "content",
    [b"", b"\x05\x00", struct.pack("<Q", 10**12) + b"{}", struct.pack("<Q", 4) + b"nope"],
)
def test_a_file_that_is_not_safetensors_is_a_config_error(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "bad.safetensors"
    f.write_bytes(content)
    with pytest.raises(ConfigError, match="not a safetensors file"):
        read_safetensors_index(f)


def test_a_tensor_outside_the_file_is_a_config_error(tmp_path: Path) -> None:
    f = _safetensors(
        tmp_path / "m.safetensors", {"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, bytes(8)
    )
    with pytest.raises(ConfigError, match="outside the file"):
        read_safetensors_index(f)


def _copy_configs(tmp_path: Path) -> Path:
    src = model_path()
    dst = tmp_path / "model"
    (dst / "1_Pooling").mkdir(parents=True)
    shutil.copy(src / "config.json", dst / "config.json")
    shutil.copy(src / "1_Pooling" / "config.json", dst / "1_Pooling" / "config.json")
    (dst / "model.safetensors").symlink_to(src / "model.safetensors")
    return dst


def test_the_real_model_builds_a_small_graph_that_reads_its_weights_in_place() -> None:
    import onnx

    model, folder = build_model(model_path())
    assert folder == str(model_path())
    assert len(model) < 100_000  # no weight bytes inside: they stay in model.safetensors
    proto = onnx.load_from_string(model)
    assert [o.name for o in proto.graph.output] == [OUTPUT]
    external = [t for t in proto.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    assert len(external) == 5 + 6 * 16  # embeddings (3 tables + LayerNorm) and 16 tensors a layer
    assert {e.value for t in external for e in t.external_data if e.key == "location"} == {
        "model.safetensors"
    }


def test_another_kind_of_model_is_refused(tmp_path: Path) -> None:
    folder = _copy_configs(tmp_path)
    cfg = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps(cfg | {"model_type": "roberta"}))
    with pytest.raises(ConfigError, match="not a BERT encoder"):
        build_model(folder)


def test_a_pooling_other_than_the_mean_is_refused(tmp_path: Path) -> None:
    folder = _copy_configs(tmp_path)
    pooling = folder / "1_Pooling" / "config.json"
    cfg = json.loads(pooling.read_text())
    pooling.write_text(json.dumps(cfg | {"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}))
    with pytest.raises(ConfigError, match="only mean pooling"):
        build_model(folder)


def test_a_folder_without_weights_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing"):
        build_model(tmp_path)


def test_config_reads_the_encoder_shape() -> None:
    cfg = BertConfig.from_file(model_path() / "config.json")
    assert (cfg.hidden, cfg.layers, cfg.heads, cfg.intermediate) == (384, 6, 12, 1536)


def test_the_shipped_graph_is_what_the_builder_builds_for_the_pinned_weights() -> None:
    # run `python -m newsbrief.onnx_model` after changing the builder or the pinned weights
    built, _ = build_model(model_path())
    assert PACKAGED.read_bytes() == built
    shipped, folder = load_model(model_path())
    assert shipped == built and folder == str(model_path())


def test_other_weights_get_a_graph_built_for_them(tmp_path: Path) -> None:
    folder = _copy_configs(tmp_path)
    cfg = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps(cfg | {"layer_norm_eps": 1e-5}))
    assert weights_key(folder) != weights_key(model_path())
    model, where = load_model(folder)
    assert model == build_model(folder)[0] != PACKAGED.read_bytes() and where == str(folder)


def _without_onnx(code: str) -> subprocess.CompletedProcess[str]:
    probe = "import sys\nsys.modules['onnx'] = None  # as in an install without the dev extra\n" + code
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False)


def test_embedding_needs_no_onnx_package() -> None:
    done = _without_onnx(
        "from newsbrief.embed import embed\n"
        "v = embed(['The council approved the budget on Tuesday.'])\n"
        "assert v.shape == (1, 384) and abs(float((v * v).sum()) - 1.0) < 1e-5\n"
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_other_weights_without_onnx_are_a_config_error_that_says_what_to_install(tmp_path: Path) -> None:
    folder = _copy_configs(tmp_path)
    (folder / "config.json").write_text((folder / "config.json").read_text() + "\n")
    done = _without_onnx(
        "from pathlib import Path\n"
        "from newsbrief.errors import ConfigError\n"
        "from newsbrief.onnx_model import load_model\n"
        "try:\n"
        f"    load_model(Path({str(folder)!r}))\n"
        "except ConfigError as exc:\n"
        "    print('CONFIG:', exc)\n"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "CONFIG:" in done.stdout and "pip install onnx" in done.stdout
