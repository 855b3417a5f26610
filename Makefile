# Two commands on a fresh machine: `make run` and `make test`. Everything they need is set up
# here (virtualenv, Python packages, and later the front-end build and Debian packages).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run test lint typecheck unit flowtests bench setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v node >/dev/null || { echo "Node.js is required (expression conformance tests)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs; else exit 1; fi; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/designer serve --host $(HOST) --port $(PORT) --examples

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q -p no:randomly

flowtests: $(STAMP)
	$(BIN)/designer validate examples
	$(BIN)/designer test examples --coverage --min-coverage 90 --junit artifacts/flowtests.xml

test: lint typecheck unit flowtests

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) artifacts .bench build *.egg-info
