"""Content rules of testimonials: every missing or invalid field fails the build, naming file and field."""

from __future__ import annotations

import pytest

from passaparola.build.driver import BuildFailed, build, check

VALID = {
    "Date": "2026-10-01 10:00",
    "Rating": "4",
    "Reviewer": "Carla Neri",
}


def review_file(fields: dict[str, str | None], body: str = "Molto brava, tornerò.") -> str:
    """A testimonial file: the valid fields, changed by ``fields`` (None removes one)."""
    merged = {**VALID, **fields}
    header = "".join(f"{key}: {value}\n" for key, value in merged.items() if value is not None)
    return f"{header}\n{body}\n"


# file name -> (its text, the field the problem must name, the line it must point at)
BROKEN = {
    "senza-data.md": (review_file({"Date": None}), "Date", 1),
    "data-sbagliata.md": (review_file({"Date": "ieri"}), "Date", 1),
    "senza-voto.md": (review_file({"Rating": None}), "Rating", 1),
    "voto-zero.md": (review_file({"Rating": "0"}), "Rating", 2),
    "voto-sei.md": (review_file({"Rating": "6"}), "Rating", 2),
    "voto-decimale.md": (review_file({"Rating": "4.5"}), "Rating", 2),
    "voto-in-lettere.md": (review_file({"Rating": "cinque"}), "Rating", 2),
    "senza-nome.md": (review_file({"Reviewer": None}), "Reviewer", 1),
    "nome-vuoto.md": (review_file({"Reviewer": ""}), "Reviewer", 3),
    "consenso-ignoto.md": (review_file({"Consent": "forse"}), "Consent", 4),
    "fonte-ignota.md": (review_file({"Source": "tiktok"}), "Source", 4),
    "servizio-vuoto.md": (review_file({"Service": "Taglio, , Piega"}), "Service", 4),
    "servizio-senza-lettere.md": (review_file({"Service": "★★"}), "Service", 4),
    "servizio-solo-html.md": (review_file({"Service": "<b></b>"}), "Service", 4),
    "foto-mancante.md": (review_file({"Photo": "images/testimonials/non-esiste.jpg",
                                      "Photo_alt": "x"}), "Photo", 4),
    "foto-senza-alt.md": (review_file({"Photo": "images/testimonials/ricci-prima-e-dopo.jpg",
                                       "Photo_consent": "yes"}), "Photo_alt", 4),
    "consenso-foto-ignoto.md": (review_file({"Photo_consent": "si"}), "Photo_consent", 4),
    "autore.md": (review_file({"Author": "Carla Neri"}), "Author", 4),
    "senza-testo.md": (review_file({}, body=""), "body", 5),
}


def test_every_broken_testimonial_fails_the_build_naming_file_line_and_field(project_copy):
    folder = project_copy / "content" / "testimonials"
    for name, (text, _field, _line) in BROKEN.items():
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    lines = [str(problem) for problem in failure.value.problems]
    for name, (_text, field, line) in BROKEN.items():
        prefix = f"content/testimonials/{name}:{line}: {field}: "
        assert any(entry.startswith(prefix) for entry in lines), (prefix, lines)
    reported = {entry.split(":")[0] for entry in lines}
    assert reported == {f"content/testimonials/{name}" for name in BROKEN}


def test_problems_are_explained_in_italian(project_copy):
    folder = project_copy / "content" / "testimonials"
    (folder / "senza-testo.md").write_text(review_file({}, body=""), encoding="utf-8")
    (folder / "voto-sei.md").write_text(review_file({"Rating": "6"}), encoding="utf-8")
    lines = [str(p) for p in check(project_copy)]
    assert ("content/testimonials/senza-testo.md:5: body: manca il testo della recensione: "
            "scrivi cosa ha detto il cliente dopo i campi") in lines
    assert "content/testimonials/voto-sei.md:2: Rating: '6' non è un numero intero da 1 a 5" in lines


def test_photo_without_consent_is_a_warning_and_is_neither_shown_nor_published(project_copy):
    folder = project_copy / "content" / "testimonials"
    (folder / "foto-privata.md").write_text(review_file({
        "Date": "2026-11-24 09:00", "Consent": "full-name",
        "Photo": "images/testimonials/ricci-prima-e-dopo.jpg", "Photo_alt": "I ricci di Carla"}),
        encoding="utf-8")
    for other in folder.glob("anna-*.md"):
        other.write_text(other.read_text(encoding="utf-8").replace("Photo_consent: yes\n", ""),
                         encoding="utf-8")
    warnings = [str(p) for p in check(project_copy) if p.level == "warning"]
    assert any(w.startswith("content/testimonials/foto-privata.md:") and ": Photo_consent: " in w
               for w in warnings), warnings
    result = build(project_copy)
    out = result.output_dir
    assert not (out / "images" / "testimonials" / "ricci-prima-e-dopo.jpg").exists()
    page = (out / "recensioni" / "2026-11-24-carla-neri" / "index.html").read_text(encoding="utf-8")
    assert "<img" not in page.split("<main", 1)[1] and "I ricci di Carla" not in page


def test_draft_is_left_out_and_hidden_is_not_counted(project_copy):
    folder = project_copy / "content" / "testimonials"
    (folder / "bozza.md").write_text(review_file({"Status": "draft", "Consent": "full-name"}),
                                     encoding="utf-8")
    (folder / "nascosta.md").write_text(review_file({
        "Status": "hidden", "Consent": "full-name", "Date": "2026-09-01", "Rating": "1"}),
        encoding="utf-8")
    out = build(project_copy).output_dir
    assert not (out / "recensioni" / "2026-10-01-carla-neri").exists()
    assert (out / "recensioni" / "2026-09-01-carla-neri" / "index.html").is_file()
    listing = (out / "recensioni" / "index.html").read_text(encoding="utf-8")
    assert "Carla Neri" not in listing and '<td class="rating-histogram-count">0</td>' in listing


def test_a_slug_that_takes_a_service_page_address_fails_the_build(project_copy):
    (project_copy / "content" / "testimonials" / "taglio.md").write_text(
        review_file({"Slug": "taglio", "Service": "Taglio"}), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    assert "taglio.md" in str(failure.value) and "recensioni/taglio/" in str(failure.value)
