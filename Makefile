# tidings: `make demo` and `make test` each do all their set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: demo demo-data test install clean bench models serve-demo

$(BIN)/tidings: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/tidings

# Ingest the demo corpus (examples/, written for the project) into a fresh store and list it.
demo-data: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/tidings ingest examples/demo --db $(DEMO_DB) || [ $$? -eq 3 ]
	$(BIN)/tidings articles --db $(DEMO_DB)
	$(BIN)/tidings storylines --db $(DEMO_DB)

# The main job on the embedded default: ingest, show what was found, then (in a terminal)
# serve it in the web UI until Ctrl-C. Without a terminal (CI, scripts) it stops after
# printing how to browse, so it never hangs.
demo: demo-data
	@if [ -t 0 ] && [ -t 1 ]; then \
	  echo "tidings: serving $(DEMO_DB) at http://127.0.0.1:8000/ (Ctrl-C to stop)"; \
	  $(BIN)/tidings serve --db $(DEMO_DB) --host 127.0.0.1 --port 8000; \
	else \
	  echo "tidings: to browse the demo at http://127.0.0.1:8000/ run: make serve-demo"; \
	fi

serve-demo: demo-data
	@echo "tidings: serving $(DEMO_DB) at http://127.0.0.1:8000/ (Ctrl-C to stop)"
	$(BIN)/tidings serve --db $(DEMO_DB) --host 127.0.0.1 --port 8000

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/bench_dumps.py --data examples/demo

# Retrain the shipped NER weights from ../shared/datasets/ner (deterministic; CI never trains).
NER_DATA ?= ../shared/datasets/ner
models: install
	PYTHONHASHSEED=0 $(BIN)/python scripts/train_ner.py --data $(NER_DATA)
	$(BIN)/python -m tidings.enrich.langid_train --data $(dir $(patsubst %/,%,$(NER_DATA)))

clean:
	rm -rf $(VENV) build dist src/*.egg-info $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
