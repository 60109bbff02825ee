# Two entry points, each doing its own set-up: `make example` and `make test`.
# The virtual environment lives in .venv/ and is rebuilt when a requirements file changes.
VENV   := .venv
STAMP  := $(VENV)/.installed
PYTHON ?= python3

$(STAMP): requirements/runtime.txt requirements/dev.txt requirements/constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# CPU torch first, from the local wheel: otherwise pip resolves a multi-GB CUDA build.
	$(VENV)/bin/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements/dev.txt -c requirements/constraints.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# The browser tests drive Debian's chromium (Playwright's own browser download cannot work offline).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is missing: run 'sudo apt-get install chromium' for the browser tests (skipped otherwise)"; fi

.PHONY: setup example test lint
setup: $(STAMP)

example: $(STAMP)
	$(VENV)/bin/newsbrief brief examples/korea

test: $(STAMP) $(CHROMIUM)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy
