# Two commands do everything on a fresh machine:
#   make serve   create .venv, install, index seeds/ if the index is empty, serve on 127.0.0.1:8000
#   make test    create .venv, install (with test extras and Chromium for the browser test), run the tests

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: serve test install browser eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/rag serve

browser:
	@bash tests/install_browser.sh

test: $(STAMP) browser
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/rag eval

clean:
	rm -rf data tests/artifacts .pytest_cache
