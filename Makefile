# Lantai: `make serve` sets everything up and serves; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export LANTAI_DATABASE_URL ?= sqlite:///./lantai.db

.PHONY: install migrate seed serve test clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

migrate: install
	$(BIN)/lantai migrate

seed: migrate
	$(BIN)/lantai seed --demo

serve: seed
	$(BIN)/lantai serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) lantai.db lantai.db-wal lantai.db-shm
