"""Every invalid event fails the build, naming the file, the line and the field to fix."""

from __future__ import annotations

import re

import pytest

from passaparola.build.driver import BuildFailed, build, check
from passaparola.rules import CheckContext, check_file
from tests.support import PROJECT

GOOD = {
    "Title": "Serata di prova",
    "Event-start": "2027-02-11 19:00",
    "Event-location": "Salone Ciocche Ribelli, Via del Pratello 41/B, Bologna",
}

# file name -> (fields changed from GOOD, None = removed; the field the message must name)
BROKEN_EVENTS: dict[str, tuple[dict[str, str | None], str]] = {
    "modo-ignoto.md": ({"Event-mode": "in-salone"}, "Event-mode"),
    "stato-ignoto.md": ({"Event-status": "forse"}, "Event-status"),
    "fine-prima-inizio.md": ({"Event-end": "2027-02-11 18:00"}, "Event-end"),
    "fine-tutto-giorno-prima.md": ({"Event-start": "2027-02-11", "Event-end": "2027-02-10"},
                                   "Event-end"),
    "fine-e-durata.md": ({"Event-end": "2027-02-11 21:00", "Event-duration": "2h"},
                         "Event-duration"),
    "durata-sbagliata.md": ({"Event-duration": "due ore"}, "Event-duration"),
    "regola-sbagliata.md": ({"Event-rrule": "FREQ=OGNI-TANTO;COUNT=3"}, "Event-rrule"),
    "intervallo-zero.md": ({"Event-rrule": "FREQ=WEEKLY;INTERVAL=0"}, "Event-rrule"),
    "regola-senza-date.md": ({"Event-rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "Event-rrule"),
    "fuso-ignoto.md": ({"Event-timezone": "Europe/Bologna"}, "Event-timezone"),
    "inizio-mancante.md": ({"Event-start": None}, "Event-start"),
    "inizio-sbagliato.md": ({"Event-start": "11/02/2027 19:00"}, "Event-start"),
    "ora-inesistente.md": ({"Event-start": "2027-03-28 02:30"}, "Event-start"),
    "titolo-mancante.md": ({"Title": None}, "Title"),
    "luogo-mancante.md": ({"Event-location": None}, "Event-location"),
    "link-mancante-online.md": ({"Event-mode": "online", "Event-location": None}, "Event-url"),
    "link-mancante-misto.md": ({"Event-mode": "mixed"}, "Event-url"),
    "link-non-web.md": ({"Event-mode": "mixed", "Event-url": "instagram"}, "Event-url"),
    "data-saltata-senza-regola.md": ({"Event-exdate": "2027-03-11"}, "Event-exdate"),
    "data-saltata-fuori-regola.md": ({"Event-rrule": "FREQ=MONTHLY;COUNT=3",
                                      "Event-exdate": "2027-03-12"}, "Event-exdate"),
    "iscrizione-sbagliata.md": ({"Event-registration": "chiamate Marta"}, "Event-registration"),
    "prezzo-sbagliato.md": ({"Event-price": "gratis"}, "Event-price"),
    "spostato-online-senza-link.md": ({"Event-status": "moved-online"}, "Event-url"),
    "fine-con-ora-tutto-giorno.md": ({"Event-start": "2027-02-11", "Event-end": "2027-02-12 10:00"},
                                     "Event-end"),
    "ore-in-tutto-giorno.md": ({"Event-start": "2027-02-11", "Event-duration": "5h"},
                               "Event-duration"),
    "data-saltata-con-ora.md": ({"Event-start": "2027-02-11", "Event-rrule": "FREQ=DAILY;COUNT=3",
                                 "Event-exdate": "2027-02-12 10:00"}, "Event-exdate"),
    "regola-until-locale.md": ({"Event-rrule": "FREQ=WEEKLY;UNTIL=20270601T000000"}, "Event-rrule"),
    "data-precedente-senza-rinvio.md": ({"Event-previous-start": "2027-02-04 19:00"},
                                        "Event-previous-start"),
}


def event_text(changes: dict[str, str | None]) -> str:
    fields = {**GOOD, **changes}
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "\n".join(lines) + "\n\nUna serata in salone.\n"


def test_every_broken_event_fails_the_build_with_its_file_line_and_field(project_copy):
    for name, (changes, _field) in BROKEN_EVENTS.items():
        # A Slug each: files with one address are a problem of their own (check_agrees_with_build).
        text = event_text({"Slug": name.removesuffix(".md"), **changes})
        (project_copy / "content" / "events" / name).write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    lines = [str(problem) for problem in failure.value.problems]
    assert {line.split(":")[0] for line in lines} == {f"content/events/{n}" for n in BROKEN_EVENTS}
    for name, (_changes, field) in BROKEN_EVENTS.items():
        pattern = re.compile(rf"^content/events/{re.escape(name)}:\d+: {re.escape(field)}: .+")
        assert any(pattern.match(line) for line in lines), (name, field, lines)
    # One problem per broken file: the rules do not repeat themselves or blame the wrong field.
    for name in BROKEN_EVENTS:
        assert len([line for line in lines if line.startswith(f"content/events/{name}:")]) == 1, (
            name, lines)


def test_the_line_number_points_at_the_wrong_field(project_copy):
    path = project_copy / "content" / "events" / "fine-prima-inizio.md"
    path.write_text(event_text({"Event-end": "2027-02-11 18:00"}), encoding="utf-8")
    problems = check(project_copy)
    assert [str(p) for p in problems if p.level == "error"] == [
        "content/events/fine-prima-inizio.md:4: Event-end: è prima di Event-start"]


def test_the_demo_events_have_no_problem():
    problems = check(PROJECT)
    assert [str(p) for p in problems if "content/events/" in p.path] == []


@pytest.mark.parametrize("changes", [
    {"Event-start": "2027-02-11"},
    {"Event-start": "2027-02-11", "Event-end": "2027-02-13"},
    {"Event-duration": "1h30m"},
    {"Event-mode": "online", "Event-location": None, "Event-url": "https://live.example/x"},
    {"Event-rrule": "RRULE:FREQ=WEEKLY;COUNT=4", "Event-exdate": "2027-02-18, 2027-02-25 19:00"},
    {"Event-rrule": "FREQ=WEEKLY;UNTIL=20270331T220000Z"},
    {"Event-timezone": "America/New_York"},
    {"Event-status": "rescheduled", "Event-previous-start": "2027-02-04 19:00"},
    {"Event-registration": "tel:+39 051 000 4127", "Event-price": "12,50"},
    {"Event-registration": "mailto:ciao@ciocheribelli.example", "Event-price": "0"},
])
def test_valid_events_in_every_form_pass_the_rules(tmp_path, changes):
    folder = tmp_path / "content" / "events"
    folder.mkdir(parents=True)
    path = folder / "prova.md"
    path.write_text(event_text(changes), encoding="utf-8")
    context = CheckContext(content_dir=tmp_path / "content")
    assert [str(p) for p in check_file(path, context) if p.level == "error"] == []
