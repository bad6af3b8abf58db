"""The demo site's iCalendar files, read back with icalendar and expanded by recurring-ical-events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import recurring_ical_events
from icalendar import Calendar
from lxml import html

from passaparola.build.driver import build
from tests.support import copy_project

UTC_EXPECTED = {
    # uid -> every occurrence's (start, end) in UTC, as a calendar app must show them
    "event-caffe-del-martedi@ciocheribelli.example": [
        # winter time (+01:00) until March, summer time (+02:00) from April: still 08:00 in Bologna
        ("2026-12-01 07:00", "2026-12-01 08:00"), ("2027-02-02 07:00", "2027-02-02 08:00"),
        ("2027-03-02 07:00", "2027-03-02 08:00"), ("2027-04-06 06:00", "2027-04-06 07:00"),
        ("2027-05-04 06:00", "2027-05-04 07:00")],
    # the Sunday the clocks go forward: 10:00 summer time is 08:00 UTC
    "event-pieghe-di-primavera@ciocheribelli.example": [("2027-03-28 08:00", "2027-03-28 10:30")],
    "event-diretta-ricci-inverno@ciocheribelli.example": [("2026-12-10 17:30", "2026-12-10 18:30")],
    "event-laboratorio-trecce@ciocheribelli.example": [("2027-01-21 17:00", "2027-01-21 19:00")],
    "event-webinar-capelli-grigi@ciocheribelli.example": [("2026-12-15 20:00", "2026-12-15 21:15")],
    "event-serata-colore-naturale@ciocheribelli.example": [("2026-10-15 17:00", "2026-10-15 19:30")],
    "event-diretta-capelli-estate@ciocheribelli.example": [("2026-07-09 16:30", "2026-07-09 17:00")],
    # 19:00 in Lisbon (UTC+0 in winter) is 20:00 in Bologna
    "event-tricologia-da-lisbona@ciocheribelli.example": [("2027-02-18 19:00", "2027-02-18 20:00")],
}


def read_calendar(path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_every_event_and_occurrence_lands_at_the_right_instant(demo_site):
    calendar = read_calendar(demo_site / "calendar.ics")
    found: dict[str, list[tuple[datetime, datetime]]] = {}
    for occurrence in recurring_ical_events.of(calendar).between(date(2026, 1, 1), date(2028, 1, 1)):
        start, end = occurrence.decoded("dtstart"), occurrence.decoded("dtend")
        if isinstance(start, datetime):
            found.setdefault(str(occurrence["uid"]), []).append(
                (start.astimezone(UTC), end.astimezone(UTC)))
    for uid, spans in UTC_EXPECTED.items():
        assert sorted(found[uid]) == [(utc(s), utc(e)) for s, e in spans], uid
    assert set(found) == set(UTC_EXPECTED)


def test_the_skipped_date_matches_the_occurrence_exactly_and_the_rule_stays_a_rule(demo_site):
    calendar = read_calendar(demo_site / "calendar.ics")
    coffee = next(e for e in calendar.walk("VEVENT") if "caffe" in str(e["uid"]))
    assert coffee["rrule"].to_ical() == b"FREQ=MONTHLY;COUNT=6;BYDAY=1TU"
    assert coffee["dtstart"].params["TZID"] == "Europe/Rome"
    exdate = coffee["exdate"]
    assert exdate.params["TZID"] == "Europe/Rome"
    assert [d.dt for d in exdate.dts] == [datetime(2027, 1, 5, 8, 0, tzinfo=coffee.decoded("dtstart").tzinfo)]
    assert len(list(calendar.walk("VEVENT"))) == 9


def test_an_all_day_event_ends_the_next_day_as_a_date(demo_site):
    calendar = read_calendar(demo_site / "calendar.ics")
    party = next(e for e in calendar.walk("VEVENT") if "festa" in str(e["uid"]))
    assert party.decoded("dtstart") == date(2026, 12, 13)
    assert party.decoded("dtend") == date(2026, 12, 14)
    assert party["dtstart"].params.get("VALUE") == "DATE"


def test_cancelled_event_keeps_its_date_with_status_cancelled(demo_site):
    calendar = read_calendar(demo_site / "calendar.ics")
    statuses = {str(e["uid"]).split("@")[0]: str(e["status"]) for e in calendar.walk("VEVENT")}
    assert statuses["event-webinar-capelli-grigi"] == "CANCELLED"
    assert statuses["event-laboratorio-trecce"] == "CONFIRMED"


def test_calendar_has_identity_refresh_hints_and_a_timezone_for_every_tzid(demo_site):
    raw = (demo_site / "calendar.ics").read_bytes()
    calendar = Calendar.from_ical(raw)
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"]).startswith("-//Passaparola")
    assert str(calendar["x-wr-calname"]) == "Eventi di Salone Ciocche Ribelli"
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in raw
    assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in raw
    assert calendar.get_missing_tzids() == set()
    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} == {"Europe/Rome", "Europe/Lisbon"}
    for event in calendar.walk("VEVENT"):
        for key in ("uid", "dtstamp", "dtstart", "dtend", "summary", "url", "status", "sequence",
                    "location"):
            assert key in event, (event["uid"], key)
        assert str(event["url"]).startswith("http")


def test_text_is_escaped_and_folded_at_75_octets(demo_site):
    raw = (demo_site / "calendar.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"LOCATION:Salone Ciocche Ribelli\\, Via del Pratello 41/B\\, 40122 Bologna" in raw
    calendar = Calendar.from_ical(raw)
    coffee = next(e for e in calendar.walk("VEVENT") if "caffe" in str(e["uid"]))
    assert str(coffee["summary"]) == "Caffè e consigli del primo martedì"
    assert "caffè, biscotti" in str(coffee["description"])


def test_each_event_has_its_own_ics_with_its_timezone(demo_site):
    files = sorted((demo_site / "eventi").glob("*/*.ics"))
    assert len(files) == 9
    for path in files:
        calendar = read_calendar(path)
        assert len(list(calendar.walk("VEVENT"))) == 1, path
        assert calendar.get_missing_tzids() == set(), path


def test_two_builds_give_the_same_uids_and_the_same_bytes(demo_site, tmp_path):
    again = build(copy_project(tmp_path / "again")).output_dir
    first = read_calendar(demo_site / "calendar.ics")
    second = read_calendar(again / "calendar.ics")
    assert [str(e["uid"]) for e in first.walk("VEVENT")] == [
        str(e["uid"]) for e in second.walk("VEVENT")]
    assert (demo_site / "calendar.ics").read_bytes() == (again / "calendar.ics").read_bytes()


def test_sequence_goes_up_when_time_or_status_changes_and_only_then(tmp_path):
    project = copy_project(tmp_path / "project")
    source = project / "content" / "events" / "diretta-ricci-inverno.md"

    def sequence_and_uid() -> tuple[int, str]:
        output = build(project).output_dir
        event = next(e for e in read_calendar(output / "calendar.ics").walk("VEVENT")
                     if "diretta-ricci-inverno" in str(e["uid"]))
        return int(event["sequence"]), str(event["uid"])

    start, uid = sequence_and_uid()
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Event-start: 2026-12-10 18:30", "Event-start: 2026-12-11 18:30"), encoding="utf-8")
    assert sequence_and_uid() == (start + 1, uid)
    assert sequence_and_uid() == (start + 1, uid)  # rebuilding changes nothing
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Giada mostra", "Giada vi mostra"), encoding="utf-8")
    assert sequence_and_uid() == (start + 1, uid)  # the text is not the time or the status
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Event-mode: online", "Event-mode: online\nEvent-status: cancelled"), encoding="utf-8")
    assert sequence_and_uid() == (start + 2, uid)


def test_all_day_repeats_multi_day_events_and_other_zones_expand_correctly(project_copy):
    folder = project_copy / "content" / "events"
    (folder / "mercatino.md").write_text(
        "Title: Mercatino del sabato\nEvent-start: 2027-05-01\n"
        "Event-rrule: FREQ=WEEKLY;UNTIL=20270514T220000Z\nEvent-exdate: 2027-05-08\n"
        "Event-location: Piazza San Francesco, Bologna\n\nBancarelle.\n", encoding="utf-8")
    (folder / "fiera.md").write_text(
        "Title: Fiera del benessere\nEvent-start: 2027-06-04\nEvent-end: 2027-06-06\n"
        "Event-location: Fiera di Bologna\n\nTre giorni.\n", encoding="utf-8")
    (folder / "new-york.md").write_text(
        "Title: Ospite da New York\nEvent-start: 2027-03-20 20:00\nEvent-duration: 90m\n"
        "Event-timezone: America/New_York\nEvent-mode: online\n"
        "Event-url: https://incontri.ciocheribelli.example/ny\n\nIn diretta.\n", encoding="utf-8")
    output = build(project_copy).output_dir
    calendar = read_calendar(output / "calendar.ics")
    assert calendar.get_missing_tzids() == set()
    market = next(e for e in calendar.walk("VEVENT") if "mercatino" in str(e["uid"]))
    # 22:00 UTC on the 14th is midnight of the 15th in Bologna: the 15th is the last market day
    assert market["rrule"]["UNTIL"] == [date(2027, 5, 15)]  # a DATE, like DTSTART
    assert market["exdate"].dts[0].dt == date(2027, 5, 8)
    days = sorted(o.decoded("dtstart") for o in recurring_ical_events.of(calendar).between(
        date(2027, 4, 1), date(2027, 7, 1)) if "mercatino" in str(o["uid"]))
    assert days == [date(2027, 5, 1), date(2027, 5, 15)]
    fair = next(e for e in calendar.walk("VEVENT") if "fiera" in str(e["uid"]))
    assert (fair.decoded("dtstart"), fair.decoded("dtend")) == (date(2027, 6, 4), date(2027, 6, 7))
    new_york = next(e for e in calendar.walk("VEVENT") if "new-york" in str(e["uid"]))
    # 20:00 in New York on 20 March 2027 (already summer time there, not yet in Europe)
    assert new_york.decoded("dtstart").astimezone(UTC) == utc("2027-03-21 00:00")
    june = html.parse(str(output / "calendario" / "2027-06" / "index.html")).getroot()
    # a link on each day of the fair in the table, one entry in the month's agenda
    assert len(june.xpath("//table//a[contains(., 'Fiera del benessere')]")) == 3
    assert len(june.xpath("//section[@class='calendar-agenda']//a[contains(., 'Fiera')]")) == 1
    march = (output / "calendario" / "2027-03" / "index.html").read_text(encoding="utf-8")
    assert "01:00</span> Ospite da New York" in march  # shown at Bologna's time, the next day
