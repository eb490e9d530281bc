# Every target sets itself up: a fresh machine needs only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench-sandbox bench-math bench-concepts bench-learned train-items clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/grader grade submissions --out reports

test: $(STAMP)
	$(BIN)/ruff check grader tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check grader tests
	$(BIN)/ruff format --check grader tests
	$(BIN)/mypy

bench-sandbox: $(STAMP)
	$(BIN)/python bench/bench_sandbox.py

bench-math: $(STAMP)
	$(BIN)/python bench/bench_math.py

bench-concepts: $(STAMP)
	$(BIN)/python bench/bench_concepts.py

# the learned second opinion, leave-one-round-out on first-sight grades; and retraining it
bench-learned: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python bench/bench_learned.py

train-items: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python bench/train_items.py

clean:
	rm -rf $(VENV) reports .pytest_cache .mypy_cache .ruff_cache
