# Lantai: `make serve` sets everything up and serves; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export LANTAI_DATABASE_URL ?= sqlite:///./lantai.db

.PHONY: install migrate seed serve lint test bench clean browser

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

# The demo's token secret, for `make serve` on this machine only: a real deployment
# sets its own LANTAI_SECRET (the service refuses to start with the placeholder).
serve: export LANTAI_SECRET ?= lantai-demo-secret-for-make-serve-only
serve: seed
	@TOKEN=$$($(BIN)/lantai demo-token) && \
	echo "Demo admin token (shown once; \`make serve\` issues a new one each time):" && echo "  $$TOKEN" && \
	echo "Try:" && echo "  curl -H 'Authorization: Bearer $$TOKEN' 'http://$(HOST):$(PORT)/api/v1/archives?limit=5'"
	@echo "Console: http://$(HOST):$(PORT)/console/ - demo accounts (a password is shown until its owner changes it):"
	@$(BIN)/lantai demo-users
	$(BIN)/lantai serve --host $(HOST) --port $(PORT)

# Lint, format, types and dead code: `make test` runs this first and stops on any finding.
# (vulture reads its paths and patterns from pyproject.toml, the names it cannot see used from vulture_whitelist.py)
lint: install
	@echo "== ruff, ruff format, mypy, vulture =="
	$(BIN)/ruff check app tests bench client
	$(BIN)/ruff format --check app tests bench client
	$(BIN)/mypy
	$(BIN)/vulture

# With LANTAI_TEST_POSTGRES_URL set, the PostgreSQL pass runs at the same time as the SQLite one
# (each test has its own database and ports), its output printed after; either failing fails.
# A test that uses no test database runs on the SQLite pass only (CONTRIBUTING.md, "The test run");
# each pass ends with its 20 longest steps, so a slow new test shows in the log.
# PYTEST_WORKERS > 0 runs each pass's test files on that many processes (pytest-xdist, a file per
# process at a time): worth it on a machine with more cores. On CI's two cores the two passes already
# fill the machine, and more processes only make the timing tests' allowances tighter: 0 there.
# PYTEST_ARGS narrows a run: make test PYTEST_ARGS=tests/domain
PYTEST_WORKERS ?= 0
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=20
# The console's browser tests drive Debian's Chromium (Playwright comes from the test extra):
# install chromium and fonts-noto-cjk with apt when missing and apt can (root); otherwise say why.
browser:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "noto.*cjk"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "== installing chromium and fonts-noto-cjk for the console's browser tests =="; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else \
		echo "== chromium or fonts-noto-cjk missing and apt unavailable: the browser tests will skip (CI installs them) =="; \
	fi

test: install lint browser
	@if [ -n "$$LANTAI_TEST_POSTGRES_URL" ]; then \
		echo "== tests on SQLite, and on PostgreSQL at the same time (its output follows) =="; \
		LANTAI_TEST_BACKEND=postgres $(PYTEST) $(PYTEST_ARGS) > .pytest-postgres.log 2>&1 & pg=$$!; trap "kill $$pg 2>/dev/null; exit 130" INT TERM; \
		LANTAI_TEST_BACKEND=sqlite $(PYTEST) $(PYTEST_ARGS); sqlite=$$?; \
		wait $$pg; postgres=$$?; \
		echo "== tests on PostgreSQL =="; cat .pytest-postgres.log; \
		echo "== SQLite pass: exit $$sqlite; PostgreSQL pass: exit $$postgres =="; \
		[ $$sqlite -eq 0 ] && [ $$postgres -eq 0 ]; \
	else \
		echo "== tests on SQLite =="; \
		LANTAI_TEST_BACKEND=sqlite $(PYTEST) $(PYTEST_ARGS) && \
		echo "== PostgreSQL pass skipped: LANTAI_TEST_POSTGRES_URL is not set =="; \
	fi

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) lantai.db lantai.db-wal lantai.db-shm
