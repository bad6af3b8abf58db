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

# `make build SETTINGS=publishconf.py` builds the public site: the static hosts run exactly that.
SETTINGS ?= pelicanconf.py

build: $(STAMP)
	@$(VENV)/bin/invoke build --settings $(SETTINGS)

test: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/invoke test

# The editor at /admin/ is an npm package: installed when npm is there, otherwise the preview says so.
serve: $(STAMP)
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(NODE_STAMP); \
		else echo "npm non trovato: l'editor su /admin/ non è disponibile (Debian: apt-get install npm)"; fi
	@$(VENV)/bin/invoke serve $(if $(PORT),--port "$(PORT)") $(if $(LAN),--lan)

check: $(STAMP)
	@$(VENV)/bin/invoke check

publish: $(STAMP)
	@$(VENV)/bin/invoke publish $(if $(DRY_RUN),--dry-run) $(if $(TARGET),--target "$(TARGET)")

clean:
	rm -rf output .output.spare .cache

# --- The owner's commands with simple variables (invoke itself is not on her PATH) ---------------
# Her commands are not echoed (@): what she reads is their own output, in her language.
# make start [NAME="Luna Capelli" DOMAIN=www.lunacapelli.it ADDRESS="Via Roma 12, 10121 Torino (TO)"
#             PHONE="+39 011 000 1234" LANGUAGE=it KEEP_DEMO=1 LANGUAGES="it en"]: asks what is not given.
# make new-tip TITLE="..." [DRAFT=1] [TRANSLATION_OF=colore-che-dura.md TRANSLATION_LANG=en]
# make new-event TITLE="..." START="2027-01-15 18:30" [END=... DURATION=2h MODE=online LOCATION=... URL=...]
# make new-review REVIEWER="Giulia Rossi" RATING=5 [TITLE=... SERVICE=... SOURCE=google CONSENT=initials]
.PHONY: start new-tip new-event new-review

start: $(STAMP)
	@$(VENV)/bin/invoke start $(if $(NAME),--name "$(NAME)") $(if $(DOMAIN),--domain "$(DOMAIN)") \
		$(if $(ADDRESS),--address "$(ADDRESS)") $(if $(PHONE),--phone "$(PHONE)") \
		$(if $(LANGUAGE),--language "$(LANGUAGE)") $(if $(KEEP_DEMO),--keep-demo) \
		$(if $(LANGUAGES),--languages "$(LANGUAGES)")

new-tip: $(STAMP)
	@$(VENV)/bin/invoke new-tip --title "$(TITLE)" $(if $(DRAFT),--draft) \
		$(if $(TRANSLATION_OF),--lang "$(TRANSLATION_LANG)" --translation-of "$(TRANSLATION_OF)")

new-event: $(STAMP)
	@$(VENV)/bin/invoke new-event --title "$(TITLE)" --start "$(START)" $(if $(END),--end "$(END)") \
		$(if $(DURATION),--duration "$(DURATION)") $(if $(MODE),--mode "$(MODE)") \
		$(if $(LOCATION),--location "$(LOCATION)") $(if $(URL),--url "$(URL)") $(if $(DRAFT),--draft)

new-review: $(STAMP)
	@$(VENV)/bin/invoke new-review --reviewer "$(REVIEWER)" --rating "$(RATING)" \
		$(if $(TITLE),--title "$(TITLE)") $(if $(SERVICE),--service "$(SERVICE)") \
		$(if $(SOURCE),--source "$(SOURCE)") $(if $(CONSENT),--consent "$(CONSENT)") $(if $(DRAFT),--draft)

# The social kit (passaparola/kit): pictures, captions, flyers and a review card in kit/.
.PHONY: kit
kit: $(STAMP)
	$(VENV)/bin/invoke kit
