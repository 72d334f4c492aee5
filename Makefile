# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: demo test lint typecheck bench lock clean

$(STAMP): requirements/lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)  ## Start Samordna with the demo municipality on http://127.0.0.1:8000
	$(BIN)/samordna demo --port $(PORT)

test: $(STAMP)  ## Run the whole test suite
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	SAMORDNA_DEBUG=1 $(BIN)/mypy src

bench: $(STAMP)  ## Run the benchmarks; results go to bench/results/
	$(BIN)/python -m bench

lock:  ## Re-resolve requirements/*.in into the hashed lock file (needs uv)
	uv pip compile --python-version 3.11 --generate-hashes requirements/base.in requirements/dev.in -o requirements/lock.txt

clean:
	rm -rf $(VENV) var/test

.PHONY: messages
# Needs GNU gettext (xgettext, msgmerge, msgfmt), e.g. `apt-get install gettext`.
# Updates src/samordna/locale/en/LC_MESSAGES/django.po, then compiles django.mo;
# commit both, so machines without gettext still get English.
messages: $(STAMP)  ## Extract translatable strings and compile the English catalogue
	cd src/samordna && SAMORDNA_DEBUG=1 $(CURDIR)/$(BIN)/samordna makemessages -l en --no-obsolete
	cd src/samordna && SAMORDNA_DEBUG=1 $(CURDIR)/$(BIN)/samordna compilemessages -l en
