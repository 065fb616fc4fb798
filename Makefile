# Two commands on a fresh machine (Python >= 3.11 and pip only):
#   make demo   set up .venv and brief the bundled example corpus into out/examples
#   make test   set up .venv (with test extras) and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test seeds bench eval judgement train-ner clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/quellenlage brief examples -o out/examples

test: $(VENV)/.installed-test
	sh scripts/ensure-chromium.sh
	$(BIN)/python -m pytest -q

# Developer conveniences (need ../shared beside the checkout).
seeds: $(VENV)/.installed
	$(BIN)/quellenlage brief ../shared/seeds -o out/seeds

bench: $(VENV)/.installed
	$(BIN)/quellenlage bench --articles 1000 --workers 1 --out out/bench.json

eval: $(VENV)/.installed
	$(BIN)/quellenlage eval sentences --data ../shared/eval/ud/de_gsd-ud-dev.conllu --out out/eval/sentences.json

# Every shipped judgement gold set (the seeds' needs ../shared; it is skipped with a message without it).
JUDGEMENT_GOLD = tests/data/judgement/almtal.yaml tests/data/judgement/seeds.yaml $(wildcard tests/data/judgement/stories/*/gold.yaml)
judgement: $(VENV)/.installed
	$(BIN)/quellenlage eval judgement $(addprefix --gold ,$(JUDGEMENT_GOLD)) --out out/eval/judgement.json

train-ner: $(VENV)/.installed
	$(BIN)/quellenlage train ner

clean:
	rm -rf out .pytest_cache
