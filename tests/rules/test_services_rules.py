"""Content rules of services and the team: a bad file fails the build naming file, line and field,
in the owner's language; names one file gives to another are checked as warnings."""

from __future__ import annotations

import pytest

from passaparola.build.driver import BuildFailed, build, check
from tests.support import PROJECT

SERVICE = {"Title": "Piega corta", "Category": "Piega e acconciature", "Price": "20", "Duration": "30"}
PERSON = {"Title": "Nadia Serra", "Role": "Apprendista", "Specialties": "Piega"}


def content_file(valid: dict[str, str], fields: dict[str, str | None],
                 body: str = "Una descrizione breve.") -> str:
    """A content file: the valid fields, changed by ``fields`` (None removes one)."""
    merged = {**valid, **fields}
    header = "".join(f"{key}: {value}\n" for key, value in merged.items() if value is not None)
    return f"{header}\n{body}\n"


# folder/file name -> (its text, the field the problem must name, the line it must point at)
BROKEN = {
    "services/prezzo-in-lettere.md": (content_file(SERVICE, {"Price": "35 euro"}), "Price", 3),
    "services/prezzo-negativo.md": (content_file(SERVICE, {"Price": "-35"}), "Price", 3),
    "services/durata-negativa.md": (content_file(SERVICE, {"Duration": "-30"}), "Duration", 4),
    "services/durata-in-ore.md": (content_file(SERVICE, {"Duration": "1h"}), "Duration", 4),
    "services/senza-nome.md": (content_file(SERVICE, {"Title": None}), "Title", 1),
    "services/senza-prezzo.md": (content_file(SERVICE, {"Price": None}), "Price", 1),
    "services/due-prezzi.md": (content_file(SERVICE, {"Title": "Piega lunga", "Price-from": "25"}),
                               "Price-from", 5),
    "services/valuta-ignota.md": (content_file(SERVICE, {"Title": "Piega media", "Currency": "euro"}),
                                  "Currency", 5),
    "services/senza-categoria.md": (content_file(SERVICE, {"Title": "Piega x", "Category": None}),
                                    "Category", 1),
    "services/prenotazione-non-web.md": (content_file(SERVICE, {"Title": "Piega y",
                                                                "Booking": "prenota.it"}), "Booking", 5),
    "services/ordine-parola.md": (content_file(SERVICE, {"Title": "Piega z", "Order": "primo"}),
                                  "Order", 5),
    "services/doppione.md": (content_file(SERVICE, {"Title": "Taglio donna"}), "Title", 1),
    "services/permanente.txt": ("Title: Permanente\nCategory: Colore\nPrice: 60\n\nRicci.\n", "file", 1),
    "team/senza-nome.md": (content_file(PERSON, {"Title": None}), "Title", 1),
    "team/senza-ruolo.md": (content_file(PERSON, {"Title": "Ada Neri", "Role": None}), "Role", 1),
    "team/foto-mancante.md": (content_file(PERSON, {"Title": "Eva Neri", "Image": "images/team/no.jpg",
                                                    "Image_alt": "x", "Consent": "yes"}), "Image", 4),
    "team/consenso-ignoto.md": (content_file(PERSON, {"Title": "Ida Neri", "Consent": "forse"}),
                                "Consent", 4),
}


def test_every_broken_service_or_person_fails_the_build_naming_file_line_and_field(project_copy):
    for name, (text, _field, _line) in BROKEN.items():
        (project_copy / "content" / name).write_text(text, encoding="utf-8")
    before = sorted(p.name for p in (project_copy / "content").iterdir())
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    lines = [str(problem) for problem in failure.value.problems]
    for name, (_text, field, line) in BROKEN.items():
        prefix = f"content/{name}:{line}: {field}: "
        assert any(entry.startswith(prefix) for entry in lines), (prefix, lines)
    # Two services with one name: both files are named, each pointing at the other.
    assert any(entry.startswith("content/services/taglio-donna.md:1: Title: ") for entry in lines)
    reported = {entry.split(":")[0] for entry in lines}
    assert reported == {f"content/{name}" for name in BROKEN} | {"content/services/taglio-donna.md"}
    assert not (project_copy / "output").exists(), "a failed build wrote a site"
    assert sorted(p.name for p in (project_copy / "content").iterdir()) == before
    # `check` lists exactly what the build refused (the build stops at errors).
    errors = [str(p) for p in check(project_copy) if p.level == "error"]
    assert sorted(errors) == sorted(lines)


def test_problems_are_written_in_the_owners_language(project_copy):
    (project_copy / "content" / "services" / "x.md").write_text(
        content_file(SERVICE, {"Price": "35 euro"}), encoding="utf-8")
    problems = [str(p) for p in check(project_copy) if p.level == "error"]
    assert problems == ["content/services/x.md:3: Price: '35 euro' non è un prezzo: scrivi solo il "
                        "numero, per esempio 35 o 35,50 (la valuta va in Currency)"]


def test_prices_with_cents_in_either_notation_are_accepted(project_copy):
    for name, value in (("virgola.md", "35,50"), ("punto.md", "35.5")):
        (project_copy / "content" / "services" / name).write_text(
            content_file(SERVICE, {"Title": f"Piega {name}", "Price": value}), encoding="utf-8")
    assert [p for p in check(project_copy) if p.level == "error"] == []


def test_names_that_lead_nowhere_are_warnings_with_file_line_and_field(project_copy):
    content = project_copy / "content"
    (content / "testimonials" / "ignoto.md").write_text(
        "Date: 2026-10-01 10:00\nRating: 4\nReviewer: Carla Neri\nService: Permanente\n"
        "Staff: Gino\n\nBrava.\n", encoding="utf-8")
    (content / "team" / "nadia.md").write_text(content_file(PERSON, {"Specialties": "Piega, Extension"}),
                                               encoding="utf-8")
    (content / "team" / "foto.md").write_text(content_file(PERSON, {
        "Title": "Eva Neri", "Image": "images/salone/vetrina.jpg", "Image_alt": "Eva"}), encoding="utf-8")
    warnings = [str(p) for p in check(project_copy) if p.level == "warning"]
    expected = ["content/testimonials/ignoto.md:4: Service: 'Permanente' ",
                "content/testimonials/ignoto.md:5: Staff: 'Gino' ",
                "content/team/nadia.md:3: Specialties: 'Extension' ",
                "content/team/foto.md:4: Consent: "]
    for prefix in expected:
        assert any(w.startswith(prefix) for w in warnings), (prefix, warnings)
    assert len(warnings) == len(expected), warnings


def test_the_demo_content_has_no_problem_at_all():
    assert check(PROJECT) == []
