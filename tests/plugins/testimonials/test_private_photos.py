"""A photo without its person's consent is not published at all: not shown, not a loose file.

The photo stays in content/ (the owner may get consent later); the build says why it is left out
and no file of the site holds it, under its own name or as any resized copy.
"""

from __future__ import annotations

from pathlib import Path

from passaparola.build.driver import build

CONSENTED_REVIEW = "anna-trattamento-ricci.md"


def published_names(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]


def mentions(site: Path, text: str) -> list[str]:
    return [p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.is_file() and p.suffix in {".html", ".xml", ".json", ".ics"}
            and text in p.read_text(encoding="utf-8", errors="replace")]


def test_a_review_photo_without_consent_is_nowhere_in_the_site(project_copy):
    review = project_copy / "content" / "testimonials" / CONSENTED_REVIEW
    text = review.read_text(encoding="utf-8")
    assert "Photo_consent: yes" in text
    photo_stem = Path(next(line.split(":", 1)[1].strip() for line in text.splitlines()
                           if line.startswith("Photo:"))).stem
    with_consent = build(project_copy).output_dir
    assert any(photo_stem in name for name in published_names(with_consent))

    review.write_text(text.replace("Photo_consent: yes", "Photo_consent: no"), encoding="utf-8")
    result = build(project_copy, force=True)
    assert [name for name in published_names(result.output_dir) if photo_stem in name] == []
    assert mentions(result.output_dir, photo_stem) == []
    assert [(w.field, w.path) for w in result.warnings] == [
        ("Photo_consent", f"content/testimonials/{CONSENTED_REVIEW}")]


def test_a_team_photo_without_consent_is_nowhere_in_the_site(project_copy):
    person = project_copy / "content" / "team" / "luca-rambaldi.md"
    photo = project_copy / "content" / "images" / "team" / "luca-ritratto.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    source = next((project_copy / "content" / "images" / "tips").glob("*.jpg"))
    photo.write_bytes(source.read_bytes())
    text = person.read_text(encoding="utf-8")
    header = ("Image: {static}/images/team/luca-ritratto.jpg\n"
              "Image_alt: Luca al lavoro sulla barba di un cliente\n")
    person.write_text(text.replace("Order: 3\n", "Order: 3\n" + header + "Consent: yes\n"),
                      encoding="utf-8")
    shown = build(project_copy).output_dir
    assert any("luca-ritratto" in name for name in published_names(shown))

    person.write_text(text.replace("Order: 3\n", "Order: 3\n" + header + "Consent: no\n"),
                      encoding="utf-8")
    hidden = build(project_copy, force=True).output_dir
    assert [name for name in published_names(hidden) if "luca-ritratto" in name] == []
    assert mentions(hidden, "luca-ritratto") == []
