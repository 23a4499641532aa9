# tidings: `make demo` and `make test` each do all their set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: demo test install clean bench

$(BIN)/tidings: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/tidings

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/tidings ingest examples/demo --db $(DEMO_DB) || [ $$? -eq 3 ]
	$(BIN)/tidings articles --db $(DEMO_DB)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/bench_dumps.py --data examples/demo

clean:
	rm -rf $(VENV) build dist src/*.egg-info $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
