"""`invoke new-tip`, `new-event` and `new-review` create files that build, and never overwrite.

The new-event and new-review tests build the created file for real: they pass once the events
(issue 4) and testimonials (issue 5) rules are on main, since until then the stub schemas reject
their fields.
"""

from __future__ import annotations

import re

from lxml import html

from passaparola.build.driver import build, check
from passaparola.owner.scaffold import TECHNICAL_FIELDS
from passaparola.rules.tips import TIP_SCHEMA
from tests.workflow_support import run_task, write_own_words

EVENT_FIELDS = ("Title", "Event-start", "Event-end", "Event-duration", "Event-timezone", "Event-mode",
                "Event-location", "Event-url", "Event-rrule", "Event-exdate", "Event-status",
                "Event-registration", "Event-price")
REVIEW_FIELDS = ("Date", "Rating", "Reviewer", "Consent", "Service", "Source", "Photo", "Photo_alt",
                 "Photo_consent", "Reply", "Title")


def header_and_hints(text: str) -> tuple[dict[str, str], set[str]]:
    header_text, _, body = text.partition("\n\n")
    header = {key: value.strip() for key, _, value in
              (line.partition(":") for line in header_text.splitlines())}
    hints = set(re.findall(r'^\[//\]: # "([A-Za-z_-]+): ', body, flags=re.MULTILINE))
    return header, hints


def errors_of(project, relative: str) -> list[str]:
    return [str(p) for p in check(project) if p.path == relative and p.level == "error"]


def built_and_published(project, relative: str) -> str:
    """Write the text, check the file has no error, build, check it is published: every page's HTML."""
    write_own_words(project, relative)
    assert errors_of(project, relative) == []
    result = build(project)
    assert result.fates[relative.removeprefix("content/")] == "published"
    return "".join(p.read_text(encoding="utf-8") for p in result.output_dir.rglob("*.html"))


def test_new_tip_is_named_from_the_title_with_accents_and_builds_cleanly(project_copy):
    done = run_task(project_copy, "new-tip", "Càpelli d'estate: perché sì?")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "content/tips/capelli-destate-perche-si.md"
    text = (project_copy / done.stdout.strip()).read_text(encoding="utf-8")
    header, _hints = header_and_hints(text)
    assert header["Title"] == "Càpelli d'estate: perché sì?"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", header["Date"])
    write_own_words(project_copy, "content/tips/capelli-destate-perche-si.md")
    assert errors_of(project_copy, "content/tips/capelli-destate-perche-si.md") == []

    site = build(project_copy).output_dir
    page = site / "consigli" / "capelli-destate-perche-si" / "index.html"
    doc = html.parse(str(page)).getroot()
    assert "perché sì" in doc.findtext(".//h1")
    source = page.read_text(encoding="utf-8")
    assert "Campi facoltativi" not in source and "Image_alt" not in source


def test_new_tip_offers_every_field_a_tip_can_have(project_copy):
    done = run_task(project_copy, "new-tip", "Tutti i campi")
    header, hints = header_and_hints((project_copy / done.stdout.strip()).read_text(encoding="utf-8"))
    expected = {f.name for f in TIP_SCHEMA.fields} - set(TECHNICAL_FIELDS)
    assert expected - set(header) - hints == set()


def test_new_files_never_overwrite_an_existing_file(project_copy):
    first = run_task(project_copy, "new-tip", "Frangia fai da te")
    path = project_copy / first.stdout.strip()
    path.write_text(path.read_text(encoding="utf-8") + "\nTesto già scritto.\n", encoding="utf-8")
    before = path.read_bytes()

    again = run_task(project_copy, "new-tip", "Frangia fai-da-te!")
    assert again.returncode != 0
    assert "content/tips/frangia-fai-da-te.md esiste già" in again.stderr
    assert path.read_bytes() == before


def test_new_tip_can_start_as_a_draft(project_copy):
    done = run_task(project_copy, "new-tip", "Solo per me", "--draft")
    header, _hints = header_and_hints((project_copy / done.stdout.strip()).read_text(encoding="utf-8"))
    assert header["Status"] == "draft"


def test_new_event_prefills_start_mode_and_the_salon_address_and_offers_every_field(project_copy):
    done = run_task(project_copy, "new-event", "Serata ricci & onde", "--start", "2027-01-15 18:30")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "content/events/2027-01-15-serata-ricci-onde.md"
    header, hints = header_and_hints((project_copy / done.stdout.strip()).read_text(encoding="utf-8"))
    assert header["Event-start"] == "2027-01-15 18:30"
    assert header["Event-mode"] == "offline"
    assert "Via del Pratello 41/B" in header["Event-location"]
    assert set(EVENT_FIELDS) - set(header) - hints == set()


def test_new_online_event_without_a_link_is_refused(project_copy):
    done = run_task(project_copy, "new-event", "Diretta", "--start", "2027-01-15 18:30",
                    "--mode", "online")
    assert done.returncode != 0
    assert "--url" in done.stderr
    assert not (project_copy / "content" / "events" / "2027-01-15-diretta.md").exists()


def test_new_event_with_a_bad_start_is_refused_with_the_expected_format(project_copy):
    done = run_task(project_copy, "new-event", "Serata", "--start", "15/01/2027")
    assert done.returncode != 0
    assert "2027-01-15 18:30" in done.stderr


def test_new_event_builds_cleanly(project_copy):
    """Waits for the events rules and plugin (issue 4) on main."""
    done = run_task(project_copy, "new-event", "Webinar colore", "--start", "2027-02-03 21:00",
                    "--mode", "online", "--url", "https://www.example.com/webinar", "--duration", "1h")
    published = built_and_published(project_copy, done.stdout.strip())
    assert "Webinar colore" in published
    assert "Event-rrule" not in published and "[//]" not in published


def test_new_review_prefills_the_required_fields_and_offers_every_field(project_copy):
    done = run_task(project_copy, "new-review", "--reviewer", "Giulia Rossi", "--rating", "5",
                    "--service", "Taglio, Piega")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"content/testimonials/\d{4}-\d{2}-\d{2}-giulia-rossi\.md", done.stdout.strip())
    header, hints = header_and_hints((project_copy / done.stdout.strip()).read_text(encoding="utf-8"))
    assert (header["Rating"], header["Reviewer"], header["Consent"]) == ("5", "Giulia Rossi", "initials")
    assert header["Service"] == "Taglio, Piega"
    # A testimonial's body is shown as plain text: every field is in the header, empty if optional.
    assert set(REVIEW_FIELDS) - set(header) == set() and hints == set()
    assert header["Photo"] == header["Reply"] == ""


def test_new_review_with_a_rating_out_of_range_is_refused(project_copy):
    done = run_task(project_copy, "new-review", "--reviewer", "Ada", "--rating", "6")
    assert done.returncode != 0
    assert "da 1 a 5" in done.stderr


def test_new_review_builds_cleanly(project_copy):
    """Waits for the testimonials rules and plugin (issue 5) on main."""
    done = run_task(project_copy, "new-review", "--reviewer", "Pietro Galli", "--rating", "4",
                    "--title", "Taglio veloce e preciso")
    published = built_and_published(project_copy, done.stdout.strip())
    assert "Taglio veloce e preciso" in published
    assert "Photo_consent" not in published
