# Two commands on a fresh machine: `make run` and `make test`. Everything they need is set up
# here: the virtualenv and Python packages, the editor's npm packages and Vite build, and (as
# root) the Debian packages the tests drive: Chromium for browser tests; sipp, Kamailio,
# espeak-ng, sox and flite for the voice channel.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8080
SIP_PORT ?= 5060
WS_PORT ?= 8088
EDITOR_DIR := designer_ui/frontend
EDITOR_BUILD := designer_ui/static/editor/index.html
EDITOR_MODULES := $(EDITOR_DIR)/node_modules/.package-lock.json
EDITOR_SOURCES := $(shell find $(EDITOR_DIR)/src designer_ui/widget -type f 2>/dev/null) \
	$(EDITOR_DIR)/index.html $(EDITOR_DIR)/vite.config.ts $(EDITOR_DIR)/tsconfig.json
SYSTEM_STAMP := $(VENV)/.system-packages

.PHONY: run test setup lint typecheck unit flowtests bench editor clean

setup: $(STAMP) $(SYSTEM_STAMP) $(EDITOR_BUILD)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Debian packages, installed when missing (needs root; otherwise says what to install).
$(SYSTEM_STAMP): $(STAMP)
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v sipp >/dev/null || missing="$$missing sip-tester"; \
	command -v kamailio >/dev/null || test -x /usr/sbin/kamailio || \
	  missing="$$missing kamailio kamailio-extra-modules"; \
	ls /usr/lib/*/kamailio/modules/tls.so >/dev/null 2>&1 || \
	  missing="$$missing kamailio-tls-modules"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	command -v sox >/dev/null || missing="$$missing sox"; \
	command -v rtpengine >/dev/null || missing="$$missing rtpengine-daemon"; \
	command -v baresip >/dev/null || missing="$$missing baresip-core"; \
	ls /usr/lib/*/kamailio/modules/websocket.so >/dev/null 2>&1 || \
	  missing="$$missing kamailio-websocket-modules"; \
	ls /usr/lib/*/kamailio/modules/auth_ephemeral.so >/dev/null 2>&1 || \
	  missing="$$missing kamailio-autheph-modules"; \
	command -v flite >/dev/null || missing="$$missing flite"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "please install these Debian packages:$$missing" >&2; exit 1; fi; \
	fi
	touch $(SYSTEM_STAMP)

$(EDITOR_MODULES): $(EDITOR_DIR)/package-lock.json $(SYSTEM_STAMP)
	cd $(EDITOR_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $(EDITOR_MODULES)

$(EDITOR_BUILD): $(EDITOR_MODULES) $(EDITOR_SOURCES)
	cd $(EDITOR_DIR) && npm run build --silent

editor: $(EDITOR_BUILD)

run: setup
	$(BIN)/designer serve --host $(HOST) --port $(PORT) --examples --voice-port $(SIP_PORT) --ws-port $(WS_PORT)

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP) $(EDITOR_MODULES)
	$(BIN)/mypy
	cd $(EDITOR_DIR) && npm run typecheck --silent

unit: setup
	$(BIN)/pytest -q

flowtests: $(STAMP)
	$(BIN)/designer validate examples
	$(BIN)/designer test examples --coverage --min-coverage 90 --junit artifacts/flowtests.xml

test: lint typecheck unit flowtests

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) artifacts .bench build *.egg-info designer_ui/static/editor designer_ui/static/widget \
	  $(EDITOR_DIR)/node_modules
