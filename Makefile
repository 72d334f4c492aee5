# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV := VIRTUAL_ENV=$(VENV) $(BIN)/uv
PORT ?= 8000
# Test processes: one per core (pytest-xdist); `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= auto

.PHONY: demo test lint typecheck bench lock clean

# Python's bundled pip only installs the installer (uv, pinned with hashes); uv installs
# the lock. The lock is made by the same uv, and uv resolves an extra such as
# fonttools[woff] against the pin, where an old bundled pip does not.
$(STAMP): requirements/installer.txt requirements/lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
		-r requirements/installer.txt
	$(UV) pip install --quiet --require-hashes -r requirements/lock.txt
	$(UV) pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)  ## Start Samordna with the demo municipality on http://127.0.0.1:8000
	$(BIN)/samordna demo --port $(PORT)

test: $(STAMP)  ## Run the whole test suite
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	SAMORDNA_DEBUG=1 $(BIN)/mypy src

bench: $(STAMP)  ## Run the benchmarks; results go to bench/results/
	$(BIN)/python -m bench

lock: $(STAMP)  ## Re-resolve requirements/*.in into the hashed lock files
	$(UV) pip compile --python-version 3.11 --generate-hashes requirements/installer.in \
		-o requirements/installer.txt
	$(UV) pip compile --python-version 3.11 --generate-hashes requirements/base.in \
		requirements/dev.in -o requirements/lock.txt

clean:
	rm -rf $(VENV) var/test

.PHONY: messages
# Needs GNU gettext (xgettext, msgmerge, msgfmt), e.g. `apt-get install gettext`.
# Updates src/samordna/locale/en/LC_MESSAGES/django.po, then compiles django.mo;
# commit both, so machines without gettext still get English.
messages: $(STAMP)  ## Extract translatable strings and compile the English catalogue
	cd src/samordna && SAMORDNA_DEBUG=1 $(CURDIR)/$(BIN)/samordna makemessages -l en --no-obsolete
	cd src/samordna && SAMORDNA_DEBUG=1 $(CURDIR)/$(BIN)/samordna compilemessages -l en
