"""Kept calendars never change a byte: after an edit of anything a ``.ics`` is made of, the
rebuilt calendars equal a cold build's; after an edit of nothing they are made of, none is made.

One project copy takes the edits in turn (each rebuild starts from the caches the previous one
left); after each, the same project is built cold into another folder (no cache) and every
output file's SHA-256 is compared, with the edited event's ``.ics`` checked to have changed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import icalendar
import pytest

from passaparola.build.driver import build
from tests.support import set_setting, tree_hashes

EVENING = "content/events/serata-colore-naturale.md"
EVENING_ICS = "eventi/serata-sul-colore-naturale/serata-sul-colore-naturale.ics"
LISBON = "content/events/tricologia-da-lisbona.md"
WHOLE = "calendar.ics"  # every event's VEVENT: each edit below shows there
SEQUENCES = "content/events/sequence.json"


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def ical_module():
    """The events plugin's ``ical`` module as the builds in this process loaded it."""
    found = [module for name, module in sys.modules.items()
             if name.endswith("events.ical") and hasattr(module, "calendar_for")]
    assert found, "no build loaded the events plugin"
    return found


def cold(project: Path, folder: Path) -> dict[str, str]:
    return tree_hashes(build(project, output_dir=folder, cache=False, force=True).output_dir)


@pytest.fixture
def site(project_copy):
    """A one-language copy of the demo (one Pelican run per build), built once: caches filled."""
    for path in [*(project_copy / "content").rglob("*.en.md"),
                 project_copy / "published-addresses.en.json"]:
        path.unlink()
    set_setting(project_copy, "LANGUAGES", '["it"]')
    build(project_copy)
    return project_copy


def test_a_rebuild_after_an_edit_of_no_calendar_input_makes_no_calendar(site, monkeypatch):
    before = tree_hashes(site / "output")
    assert any(path.endswith(".ics") for path in before)
    edit(site, "content/tips/shampoo-secco.md", "perfetto il giorno dopo", "ideale il giorno dopo")
    for module in ical_module():
        def made(*args, **kwargs):
            raise AssertionError("a calendar was made again though nothing it shows changed")
        monkeypatch.setattr(module, "calendar_for", made)
    after = tree_hashes(build(site).output_dir)
    assert {p: h for p, h in after.items() if p.endswith(".ics")} == {
        p: h for p, h in before.items() if p.endswith(".ics")}


EDITS = [
    # (what changes, how); a title also moves the event's own .ics (its slug)
    ("event date",
     lambda p: [edit(p, EVENING, f"{field}: 2026-10-15", f"{field}: 2026-10-22")
                for field in ("Event-start", "Event-end")]),
    ("event title",
     lambda p: edit(p, EVENING, "Title: Serata sul colore", "Title: Serata sul colore vegetale")),
    ("event place",
     lambda p: edit(p, EVENING, "Via del Pratello 41/B", "Via del Pratello 43")),
    ("event summary",
     lambda p: edit(p, EVENING, "Summary: Una serata", "Summary: Una bella serata")),
    ("Modified (DTSTAMP)",
     lambda p: edit(p, EVENING, "Date: 2026-09-30 10:00",
                    "Date: 2026-09-30 10:00\nModified: 2026-10-01 09:00")),
    ("event time zone",
     lambda p: edit(p, LISBON, "Event-timezone: Europe/Lisbon", "Event-timezone: Atlantic/Madeira")),
    ("sequence.json",
     lambda p: _bump_sequence(p, "serata-colore-naturale")),
    ("SITEURL",
     lambda p: set_setting(p, "SITEURL", '"https://www.ciocheribelli.example"')),
    ("site time zone",
     lambda p: set_setting(p, "TIMEZONE", '"Europe/Zurich"')),
]


def _bump_sequence(project: Path, name: str) -> None:
    """The recorded SEQUENCE of an event, raised by hand (as a calendar app's feedback would)."""
    path = project / SEQUENCES
    records = json.loads(path.read_text(encoding="utf-8"))
    records[name]["sequence"] += 5
    path.write_text(json.dumps(records, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def test_every_edit_of_what_a_calendar_shows_rebuilds_it_exactly_like_a_cold_build(site, tmp_path):
    output = site / "output"
    for number, (what, change) in enumerate(EDITS):
        before = tree_hashes(output)
        assert WHOLE in before, f"{WHOLE} not built"
        change(site)
        rebuilt = tree_hashes(build(site).output_dir)
        assert rebuilt[WHOLE] != before[WHOLE], f"{what}: {WHOLE} did not change"
        assert rebuilt == cold(site, tmp_path / f"cold-{number}"), what


def test_a_change_of_the_calendar_code_makes_the_calendars_again(site, tmp_path, monkeypatch):
    # What an edit of ical.py does: new bytes for the same events, and a new CODE_VERSION.
    for module in ical_module():
        monkeypatch.setattr(module, "PRODID", "-//Passaparola//Events 2//EN")
        monkeypatch.setattr(module, "CODE_VERSION", module.CODE_VERSION + "-edited")
    rebuilt = tree_hashes(build(site, force=True).output_dir)
    assert rebuilt == cold(site, tmp_path / "cold")
    assert b"Events 2" in (site / "output" / EVENING_ICS).read_bytes()


def test_the_code_version_is_the_digest_of_the_module_that_writes_calendars(site):
    for module in ical_module():
        source = Path(module.__file__).read_bytes()
        assert hashlib.sha256(source + icalendar.__version__.encode()).hexdigest() == module.CODE_VERSION
