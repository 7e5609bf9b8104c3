# Every target bootstraps .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
ASYNCAPI_SPECS_VERSION := 6.11.1
ASYNCAPI_SCHEMAS := .cache/asyncapi-specs-$(ASYNCAPI_SPECS_VERSION)/package/schemas

.PHONY: generate check lint test docs bench demo demo-salesman clean

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

# Debian tools the tests run: Chromium and its WebDriver (the docs site opened in a real browser) and PHP's CLI
# with its curl extension (the form-codec fixtures checked against PHP itself; SalesMan's own wire forms sent by
# PHP). Installed once, when one is missing.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
TEST_TOOLS := chromium chromedriver php
TEST_PACKAGES := chromium chromium-driver php-cli php-curl
.PHONY: test-tools
test-tools:
	@for tool in $(TEST_TOOLS); do command -v $$tool >/dev/null || missing=1; done; \
		php -m 2>/dev/null | grep -qi '^curl$$' || missing=1; [ -z "$$missing" ] \
		|| $(SUDO) apt-get install -y --no-install-recommends $(TEST_PACKAGES) \
		|| ($(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends $(TEST_PACKAGES))

# The generated SDK, installed into .venv in editable mode: `.venv/bin/salesman-events` and `import salesman_events`
# work there, and a regeneration is picked up without reinstalling (a changed pyproject.toml reinstalls it).
SDK_INSTALLED := $(VENV)/.sdk-installed
$(SDK_INSTALLED): generated/salesman_events/pyproject.toml $(INSTALLED)
	PYTHONWARNINGS="ignore:Editable installation" $(PY) -m pip install --quiet --no-deps --no-build-isolation \
		-e generated/salesman_events
	touch $@

generate: $(INSTALLED)
	$(PY) -m generator generate
	@$(MAKE) --no-print-directory $(SDK_INSTALLED)

check: $(INSTALLED)
	$(PY) -m generator check

lint: $(INSTALLED)
	$(PY) -m ruff check generator tests bench generated
	$(PY) -m ruff format --check generator tests bench
	$(PY) -m mypy generator bench generated/salesman_events

test: lint check $(ASYNCAPI_SCHEMAS) test-tools
	ASYNCAPI_SCHEMAS=$(ASYNCAPI_SCHEMAS) $(PY) -m pytest

# The reference site (English and Russian, search, language switch) into site/; any warning fails the build.
SITE_DIR ?= $(CURDIR)/site
docs: $(INSTALLED)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --quiet -f generated/docs/mkdocs.yml -d $(SITE_DIR)
	@echo "site/index.html (English), site/ru/index.html (Russian)"

# The site served as it will be published (opened from disk, file://, a browser has no search and folder links open
# listings): built, then served on this machine only until Ctrl-C.
DOCS_PORT ?= 8001
.PHONY: serve-docs
serve-docs: docs
	@echo "serving site/ at http://127.0.0.1:$(DOCS_PORT)/ (Ctrl-C stops)"
	$(PY) -m http.server $(DOCS_PORT) --bind 127.0.0.1 --directory $(SITE_DIR)

bench: $(INSTALLED)
	$(PY) bench/generate.py
	$(PY) bench/codec.py
	$(PY) bench/receiver.py
	$(PY) bench/delivery.py
	$(PY) bench/scale.py
	$(PY) bench/postgres.py
	$(PY) bench/relay.py
	$(PY) bench/console.py

# A newcomer's first minute: a receiver listening, a subscription, one example of every event emitted into the
# outbox, a worker delivering them, and what arrived.
DEMO_DIR := .cache/demo
DEMO_PORT ?= 8765
SDK := PYTHONPATH=generated $(PY) -m salesman_events
demo: $(INSTALLED)
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(SDK) listen --port $(DEMO_PORT) > $(DEMO_DIR)/received.jsonl 2> $(DEMO_DIR)/listen.log & echo $$! > $(DEMO_DIR)/listen.pid
	sleep 1
	$(SDK) subscribe http://127.0.0.1:$(DEMO_PORT)/ --events '*' --format salesman --outbox sqlite:///$(DEMO_DIR)/outbox.db
	PYTHONPATH=generated $(PY) -c 'import json; from salesman_events import EVENTS, Emitter; \
		e = Emitter("sqlite:///$(DEMO_DIR)/outbox.db", deliver=False); \
		[e.emit(i.parse(json.loads(i.example)), event=n) for n, i in EVENTS.items()]; \
		print(f"emitted {len(EVENTS)} events")'
	$(SDK) worker --outbox sqlite:///$(DEMO_DIR)/outbox.db --allow-private 127.0.0.0/8 & echo $$! > $(DEMO_DIR)/worker.pid; \
		for i in $$(seq 50); do [ $$(wc -l < $(DEMO_DIR)/received.jsonl) -ge 36 ] && break; sleep 0.2; done; \
		kill $$(cat $(DEMO_DIR)/worker.pid); wait $$(cat $(DEMO_DIR)/worker.pid) 2>/dev/null || true
	$(SDK) status --outbox sqlite:///$(DEMO_DIR)/outbox.db
	kill $$(cat $(DEMO_DIR)/listen.pid) || true
	@echo "received $$(wc -l < $(DEMO_DIR)/received.jsonl) events; the first three:"
	@head -n 3 $(DEMO_DIR)/received.jsonl

# SalesMan's side in a minute: one example of every event fired through hop 1 as SalesMan's outSender sends it (PHP,
# cURL) to the drop-in webhooks.php under `php -S`, which forwards it to the relay; the relay commits it to the outbox,
# a worker delivers it, signed, in SalesMan's own JSON, to a receiver that checks the signature; `ses` is nowhere.
DEMO_SALESMAN := .cache/demo-salesman
RELAY_PORT ?= 8787
CRM_PORT ?= 8790
DEMO_SECRET := whsec_ZGVtby1zZWNyZXQtZm9yLXRoZS1zYWxlc21hbi1kZW1v
DEMO_TOKEN := demo-relay-token
demo-salesman: $(INSTALLED) test-tools
	rm -rf $(DEMO_SALESMAN) && mkdir -p $(DEMO_SALESMAN)/crm/developer
	$(SDK) relay dropin > $(DEMO_SALESMAN)/crm/developer/webhooks.php
	PYTHONPATH=generated $(PY) -c 'import json; from salesman_events import EVENTS; \
		json.dump({n: [json.loads(i.example)] for n, i in EVENTS.items()}, open("$(DEMO_SALESMAN)/examples.json", "w"))'
	echo '<?php return json_decode(file_get_contents(__DIR__ . "/examples.json"), true);' > $(DEMO_SALESMAN)/examples.php
	$(SDK) listen --port $(DEMO_PORT) --secret $(DEMO_SECRET) > $(DEMO_SALESMAN)/received.jsonl 2> $(DEMO_SALESMAN)/listen.log & echo $$! > $(DEMO_SALESMAN)/listen.pid
	$(SDK) subscribe http://127.0.0.1:$(DEMO_PORT)/ --events '*' --format salesman --secret $(DEMO_SECRET) \
		--outbox sqlite:///$(DEMO_SALESMAN)/outbox.db > /dev/null
	$(SDK) relay --port $(RELAY_PORT) --token $(DEMO_TOKEN) --outbox sqlite:///$(DEMO_SALESMAN)/outbox.db \
		2> $(DEMO_SALESMAN)/relay.log & echo $$! > $(DEMO_SALESMAN)/relay.pid
	SALESMAN_RELAY_URL=http://127.0.0.1:$(RELAY_PORT)/ SALESMAN_RELAY_TOKEN=$(DEMO_TOKEN) \
		SALESMAN_RELAY_SPOOL=$(CURDIR)/$(DEMO_SALESMAN)/spool.jsonl \
		php -q -S 127.0.0.1:$(CRM_PORT) -t $(DEMO_SALESMAN)/crm 2> $(DEMO_SALESMAN)/php.log & echo $$! > $(DEMO_SALESMAN)/php.pid
	sleep 2
	SALESMAN_SES=demo-session-id-never-shown php tests/fixtures/php/salesman/send.php $(DEMO_SALESMAN)/examples.php \
		http://127.0.0.1:$(CRM_PORT)/developer/webhooks.php > $(DEMO_SALESMAN)/sent.jsonl
	@echo "hop 1 fired $$(wc -l < $(DEMO_SALESMAN)/sent.jsonl) events; the relay acknowledged $$(grep -c '"status":200' $(DEMO_SALESMAN)/sent.jsonl)"
	$(SDK) worker --outbox sqlite:///$(DEMO_SALESMAN)/outbox.db --allow-private 127.0.0.0/8 & echo $$! > $(DEMO_SALESMAN)/worker.pid; \
		for i in $$(seq 100); do [ $$(wc -l < $(DEMO_SALESMAN)/received.jsonl) -ge $$(wc -l < $(DEMO_SALESMAN)/sent.jsonl) ] && break; sleep 0.2; done; \
		kill $$(cat $(DEMO_SALESMAN)/worker.pid); wait $$(cat $(DEMO_SALESMAN)/worker.pid) 2>/dev/null || true
	$(SDK) status --outbox sqlite:///$(DEMO_SALESMAN)/outbox.db
	kill $$(cat $(DEMO_SALESMAN)/listen.pid) $$(cat $(DEMO_SALESMAN)/relay.pid) $$(cat $(DEMO_SALESMAN)/php.pid) || true
	@echo "received $$(wc -l < $(DEMO_SALESMAN)/received.jsonl) signed events; the session id appears $$(cat $(DEMO_SALESMAN)/*.jsonl $(DEMO_SALESMAN)/*.log $(DEMO_SALESMAN)/*.db* | grep -c demo-session-id-never-shown) times; the first three:"
	@head -n 3 $(DEMO_SALESMAN)/received.jsonl

# Breaking changes of the spec since REF (default: the last `v*` tag by version, else HEAD~1); exit 1 when any.
# Only the main spec file is compared: a multi-file spec's relative external $refs would not resolve from .cache/.
.PHONY: check-compat
REF ?= $(or $(shell git tag --list 'v*' --sort=-v:refname 2>/dev/null | head -n 1),HEAD~1)
check-compat: $(INSTALLED)
	mkdir -p .cache
	git show $(REF):spec/salesman-events.asyncapi.yaml > .cache/compat-old.yaml
	$(PY) -m generator diff .cache/compat-old.yaml spec/salesman-events.asyncapi.yaml

# Freeze the spec as released: a copy in spec/releases/, which the changelog page is made from. Then commit and
# tag v$(VERSION) so that `make check-compat` compares against it.
SPEC_VERSION = $(shell sed -n 's/^  version: *//p' spec/salesman-events.asyncapi.yaml | head -n 1)
.PHONY: release
release: $(INSTALLED)
	@test ! -e spec/releases/$(SPEC_VERSION).yaml || (echo "$(SPEC_VERSION) is released already: raise info.version" >&2; false)
	mkdir -p spec/releases && cp spec/salesman-events.asyncapi.yaml spec/releases/$(SPEC_VERSION).yaml
	$(PY) -m generator generate
	@echo "next: git add spec/releases generated && git commit -m 'Release $(SPEC_VERSION)' && git tag v$(SPEC_VERSION)"

clean:
	rm -rf $(VENV) .cache build site
