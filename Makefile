# Two commands for a new user: `make build` and `make test`. Everything else is in tasks.py (invoke).
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed
# The quality gates' pinned tools (axe-core, vnu-jar): only `make test` needs them, not `make build`.
NODE_STAMP := node_modules/.installed

.PHONY: build test serve check publish clean

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed by the tests (Debian: apt-get install npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

# `make build SETTINGS=publishconf.py` builds the public site: the static hosts run exactly that.
SETTINGS ?= pelicanconf.py

build: $(STAMP)
	$(VENV)/bin/invoke build --settings $(SETTINGS)

test: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/invoke test

serve: $(STAMP)
	$(VENV)/bin/invoke serve

check: $(STAMP)
	$(VENV)/bin/invoke check

publish: $(STAMP)
	$(VENV)/bin/invoke publish

clean:
	rm -rf output .cache
