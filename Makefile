# Two commands for a new user: `make build` and `make test`. Everything else is in tasks.py (invoke).
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed
# npm packages, pinned in package-lock.json: the editor (decap-cms, served at /admin/) for
# `make build` and `make serve`, and the quality gates' tools (axe-core, vnu-jar) for `make test`.
NODE_STAMP := node_modules/.installed

.PHONY: build test serve check publish clean

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the editor and the tests (Debian: apt-get install npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

build: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/invoke build

test: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/invoke test

serve: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/invoke serve

check: $(STAMP)
	$(VENV)/bin/invoke check

publish: $(STAMP)
	$(VENV)/bin/invoke publish

clean:
	rm -rf output .cache
