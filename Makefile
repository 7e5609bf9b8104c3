# Every target bootstraps .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
ASYNCAPI_SPECS_VERSION := 6.11.1
ASYNCAPI_SCHEMAS := .cache/asyncapi-specs-$(ASYNCAPI_SPECS_VERSION)/package/schemas

.PHONY: generate check lint test bench clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# The official AsyncAPI JSON Schemas, used by the tests to validate the spec and the test documents.
$(ASYNCAPI_SCHEMAS):
	mkdir -p $(dir $(patsubst %/,%,$(dir $@)))
	cd $(dir $(patsubst %/,%,$(dir $@))) && npm pack --silent @asyncapi/specs@$(ASYNCAPI_SPECS_VERSION) >/dev/null \
		&& tar xzf asyncapi-specs-$(ASYNCAPI_SPECS_VERSION).tgz && rm asyncapi-specs-$(ASYNCAPI_SPECS_VERSION).tgz

generate: $(INSTALLED)
	$(PY) -m generator generate

check: $(INSTALLED)
	$(PY) -m generator check

lint: $(INSTALLED)
	$(PY) -m ruff check generator tests bench generated
	$(PY) -m ruff format --check generator tests bench
	$(PY) -m mypy generator bench generated/salesman_events

test: lint check $(ASYNCAPI_SCHEMAS)
	ASYNCAPI_SCHEMAS=$(ASYNCAPI_SCHEMAS) $(PY) -m pytest

bench: $(INSTALLED)
	$(PY) bench/generate.py
	$(PY) bench/codec.py
	$(PY) bench/receiver.py

clean:
	rm -rf $(VENV) .cache build site
