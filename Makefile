# sroi: the README's commands. `make run` serves the app on SQLite; `make test` checks everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/sroi

export SROI_ENVIRONMENT ?= development
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint bench install install-dev requirements system-deps migrate demo messages test-sqlite test-postgres clean

# Every package is pinned with its hashes (pip-compile --generate-hashes): pip refuses a file
# whose hash is not listed. The venv's own pip installs them; dev.txt pins pip itself. The
# editable install of this project is separate (--no-deps, nothing to hash).
$(VENV)/.base-installed: requirements/base.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/base.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

install: $(VENV)/.base-installed
install-dev: $(VENV)/.dev-installed

# Recompile requirements/*.txt after editing a *.in file. No index URL or local path goes in
# the files (this machine's pip config adds local indexes; that is fine when installing).
PIP_COMPILE := $(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras \
	--no-emit-index-url --no-emit-find-links
requirements: install-dev
	cd requirements && ../$(PIP_COMPILE) --output-file=base.txt base.in
	cd requirements && ../$(PIP_COMPILE) --output-file=dev.txt dev.in

messages: install
	cd src/sroi && ../../$(BIN)/python ../../manage.py compilemessages --verbosity 0

migrate: install messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_rulesets

demo: migrate
	$(BIN)/python manage.py load_demo

# The mail worker runs beside the development server (requests only write the outbox), so
# mail still lands in var/mail/; it stops when the server stops.
run: demo
	@echo "Serving http://127.0.0.1:$(PORT)/ (demo accounts: see README.md)"
	$(BIN)/python manage.py send_outbox --loop --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

system-deps:
	bash scripts/system-deps.sh

lint: install-dev messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src
	$(BIN)/lint-imports
	$(BIN)/djlint src --lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/check_translations.py

test-sqlite: install-dev messages
	$(BIN)/pytest --cov=src/sroi/rules/engine --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100

test-postgres: install-dev messages
	SROI_DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not e2e"

test: system-deps lint test-sqlite test-postgres

# `make bench` measures the engine, the hot pages against a Django hello-world (gunicorn, SQLite;
# and their instructions per request under valgrind, benchmarks/instructions.py)
# and 50 simulated users with a fault run (PostgreSQL, database sroi_bench at BENCH_PG_URL), and
# the coordinator's inbox and contract list at 500 and 5,000 contracts (SQLite and PostgreSQL),
# the monitoring pages and one verification at 200 and 2,000 realisations, the import of
# 5,000 placements from a spreadsheet (benchmarks/monitoring_import.py), and on the scale data
# of `manage.py seed_scale_data` (issue 9, SQLite and PostgreSQL): the portfolio page at 500 and
# 5,000 contracts, the Excel export of 100,000 realisations and the council report of a buyer
# with 1,000 contracts.
# `make bench SHORT=1` runs shorter versions of the page and load benchmarks.
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/sroi_bench
BENCH_FLAGS  := $(if $(SHORT),--short,)

bench: install-dev messages
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/pages.py $(BENCH_FLAGS)
	$(BIN)/python benchmarks/instructions.py $(if $(SHORT),--requests 10,)
	$(BIN)/python benchmarks/load.py $(BENCH_FLAGS) --database-url $(BENCH_PG_URL)
	$(BIN)/python benchmarks/workspace.py $(if $(SHORT),--sizes 500 --repeat 5,)
	$(BIN)/python benchmarks/monitoring.py $(if $(SHORT),--sizes 2000 --repeat 5,)
	$(BIN)/python benchmarks/monitoring_import.py $(if $(SHORT),--repeat 1,)
	$(BIN)/python benchmarks/portfolio.py $(if $(SHORT),--sizes 500 --repeat 5,)
	$(BIN)/python benchmarks/exports.py $(if $(SHORT),--contracts 500 --realisations 10000,)
	$(BIN)/python benchmarks/council.py $(if $(SHORT),--contracts 200 --repeat 1,)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
