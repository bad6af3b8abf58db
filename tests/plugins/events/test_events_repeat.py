"""A repeating event's page and its .ics never disagree about its dates.

RFC 5545 counts Event-start (DTSTART) as a date of the event even when the repeat rule does not
give it; python-dateutil (which makes the page's list) skips it. An event whose rule's first date
is not its start is refused by `check` and the build alike, naming the rule's first date; every
event that is accepted lists on its page exactly the dates calendar apps expand from its .ics.
"""

from __future__ import annotations

from datetime import date, datetime

import recurring_ical_events
from icalendar import Calendar
from lxml import html

from passaparola.build.driver import build
from tests.workflow_support import run_task, write

BEFORE_ALL = "2026-11-25T22:00:00+01:00"

SECOND_TUESDAY = """Title: Caffè del primo martedì
Date: 2026-11-20 12:00
Event-start: 2026-12-08 08:00
Event-rrule: FREQ=MONTHLY;BYDAY=1TU;COUNT=4
Event-location: Via del Pratello 41/B, Bologna

Ogni primo martedì del mese.
"""


def test_a_rule_whose_first_date_is_not_the_start_is_refused_naming_that_date(project_copy):
    write(project_copy, "content/events/caffe-primo-martedi.md", SECOND_TUESDAY)
    expected = ("content/events/caffe-primo-martedi.md:4: Event-rrule: la sua prima data è "
                "2027-01-05 08:00 (martedì 5 gennaio 2027), non Event-start: le app di calendario "
                "mostrerebbero anche 2026-12-08 08:00, la pagina no. Scrivi 'Event-start: "
                "2027-01-05 08:00', oppure una regola che parta da Event-start")
    checked = run_task(project_copy, "check")
    assert checked.returncode != 0
    assert expected in checked.stdout + checked.stderr
    built = run_task(project_copy, "build")
    assert built.returncode != 0
    assert expected in built.stdout + built.stderr
    assert not (project_copy / "output").exists()


# Rules the owner writes, each starting on a date the rule gives (so they are accepted).
ACCEPTED = {
    "primo-martedi.md": "Event-start: 2027-01-05 08:00\nEvent-end: 2027-01-05 09:00\n"
                        "Event-rrule: FREQ=MONTHLY;BYDAY=1TU;COUNT=5\nEvent-exdate: 2027-02-02\n",
    "ogni-giovedi.md": "Event-start: 2026-12-03 19:00\nEvent-duration: 90m\n"
                       "Event-rrule: FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231T230000Z\n",
    "mercatino.md": "Event-start: 2027-05-01\n"
                    "Event-rrule: FREQ=WEEKLY;UNTIL=20270529T220000Z\nEvent-exdate: 2027-05-08\n",
    "fine-mese.md": "Event-start: 2027-01-31 18:00\nEvent-rrule: FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=4\n",
    "cambio-ora.md": "Event-start: 2027-03-21 10:00\nEvent-rrule: FREQ=WEEKLY;INTERVAL=1;COUNT=3\n",
}


def page_dates(site, slug: str) -> list[date | datetime]:
    doc = html.parse(str(site / "eventi" / slug / "index.html")).getroot()
    values = doc.xpath("//section[@class='event-dates']//li/time/@datetime")
    return [datetime.fromisoformat(v) if "T" in v else date.fromisoformat(v) for v in values]


def calendar_dates(path) -> list[date | datetime]:
    calendar = Calendar.from_ical(path.read_bytes())
    occurrences = recurring_ical_events.of(calendar).between(date(2026, 1, 1), date(2029, 1, 1))
    return sorted(o.decoded("dtstart") for o in occurrences)


def test_every_accepted_repeat_rule_gives_the_page_the_dates_of_its_ics(project_copy):
    for name, timing in ACCEPTED.items():
        write(project_copy, f"content/events/{name}",
              f"Title: Ripetuto {name[:-3]}\nDate: 2026-11-20 12:00\n{timing}"
              "Event-location: Via del Pratello 41/B, Bologna\n\nSi ripete.\n")
    site = build(project_copy, overrides={"EVENTS_NOW": BEFORE_ALL,
                                          "EVENTS_NEXT_DATES_SHOWN": 50}).output_dir
    for name in ACCEPTED:
        slug = f"ripetuto-{name[:-3]}"
        on_page = page_dates(site, slug)
        in_calendar = calendar_dates(site / "eventi" / slug / f"{slug}.ics")
        assert len(on_page) > 1, slug
        if isinstance(in_calendar[0], date) and not isinstance(in_calendar[0], datetime):
            on_page = [d.date() if isinstance(d, datetime) else d for d in on_page]
        assert on_page == in_calendar, slug
