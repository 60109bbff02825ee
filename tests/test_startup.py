"""Start-up stays light: the command line's help, and the package itself, load no heavy library."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "scipy", "spacy", "onnxruntime", "tokenizers", "nltk", "torch", "dateparser", "trafilatura")


def _loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport sys\nprint('LOADED:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    line = res.stdout.rsplit("LOADED:", 1)[1].strip()
    return [m for m in line.split(",") if m]


def test_help_imports_no_heavy_library() -> None:
    code = (
        "from newsbrief.cli import cli\n"
        "try:\n    cli.main(['--help'], prog_name='newsbrief')\nexcept SystemExit:\n    pass\n"
        "try:\n    cli.main(['brief', '--help'], prog_name='newsbrief')\nexcept SystemExit:\n    pass\n"
    )
    assert _loaded_after(code) == []


def test_importing_the_package_imports_no_heavy_library() -> None:
    assert _loaded_after("import newsbrief\nnewsbrief.ConfigError\nnewsbrief.__version__") == []


def test_public_names_load_on_first_use() -> None:
    import newsbrief
    from newsbrief.pipeline import BriefOptions

    assert newsbrief.BriefOptions is BriefOptions
    assert set(newsbrief.__all__) <= set(dir(newsbrief))


def test_the_analyze_function_survives_the_analyze_subpackage() -> None:
    import importlib

    import newsbrief

    importlib.import_module("newsbrief.analyze.context")
    assert callable(newsbrief.analyze) and newsbrief.analyze.__module__ == "newsbrief"


def test_a_command_whose_extra_is_missing_names_the_extra(tmp_path) -> None:  # type: ignore[no-untyped-def]
    stories = tmp_path / "s.jsonl"
    stories.write_text(
        '{"id": "a", "docs": ["The council approved the budget on Tuesday after a long debate."], '
        '"refs": ["The council approved the budget."]}\n'
    )
    code = (
        "import sys\n"
        "sys.modules['rouge_score'] = None  # as in an install without the eval extra\n"
        "from newsbrief.cli import main\n"
        f"sys.argv = ['newsbrief', 'eval', {str(stories)!r}, '-w', '10', '--system', 'lead']\n"
        "main()\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.returncode == 2
    assert "pip install 'newsbrief[eval]'" in res.stderr and "Traceback" not in res.stderr


def test_a_markdown_brief_imports_no_library_it_does_not_use() -> None:
    # scipy.optimize (with scipy.linalg, numpy.f2py, numpy.testing), scipy.sparse, scipy's
    # clustering and Jinja2 cost ~0.5 CPU s of a brief at the command line that uses none of them
    # (docs/latency.md): the summarizer solves with highspy, the alignment counts shared words with
    # numpy, the groups come from scipy's plain-Python DisjointSet, only HTML needs templates, and
    # the encoder's graph is shipped built (no onnx package)
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "korea"
    code = (
        "import sys\n"
        "from newsbrief.cli import cli\n"
        f"try:\n    cli.main(['brief', {str(example)!r}], prog_name='newsbrief')\nexcept SystemExit:\n    pass\n"
        "unwanted = ('scipy.optimize', 'scipy.sparse', 'scipy.linalg', 'scipy.cluster', 'jinja2', 'sklearn', 'onnx')\n"
        "print('LOADED:' + ','.join(m for m in unwanted if m in sys.modules))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "## " in res.stdout  # the brief was written
    assert res.stdout.rsplit("LOADED:", 1)[1].strip() == ""
