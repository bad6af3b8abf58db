"""The image cache, broken images and share cards, measured on real builds of project copies."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image, ImageDraw, ImageFont

from passaparola.build.driver import BuildFailed, build
from tests.support import PROJECT, copy_project, images_plugin, tree_hashes

REPORT = Path(".cache") / "images" / "report.json"
FONT_BOLD = PROJECT / "theme" / "fonts" / "DejaVuSans-Bold.ttf"


def report(project: Path) -> dict:
    return json.loads((project / REPORT).read_text(encoding="utf-8"))


def test_rebuild_encodes_nothing_and_a_changed_image_re_encodes_only_its_own_files(tmp_path):
    project_copy = copy_project(tmp_path / "project", warm_image_cache=False)
    first = build(project_copy)
    cold = report(project_copy)
    assert cold["encoded"] > 0 and "images/tips/ricci.jpg" in cold["encoded_sources"]
    before = tree_hashes(first.output_dir / "images")

    # force: the build driver would otherwise skip a build whose inputs did not change at all.
    assert build(project_copy, force=True).up_to_date is False
    assert report(project_copy)["encoded"] == 0
    assert report(project_copy)["encoded_sources"] == []

    photo = project_copy / "content" / "images" / "tips" / "inverno.jpg"
    with Image.open(photo) as image:
        changed = image.copy()
    ImageDraw.Draw(changed).rectangle((10, 10, 60, 60), fill="#d9a441")
    changed.save(photo, "JPEG", quality=90)
    third = build(project_copy)
    warm = report(project_copy)
    assert warm["encoded_sources"] == ["images/tips/inverno.jpg"]
    # inverno.jpg is 1200 px wide: the original, 480/960/1200 in JPEG and WebP.
    assert warm["encoded"] == 7
    after = tree_hashes(third.output_dir / "images")
    changed_files = sorted(name for name in after if after[name] != before.get(name))
    assert changed_files and all(name.startswith("tips/inverno") for name in changed_files)


def tip_with_image(project: Path, image_path: str) -> str:
    relative = "content/tips/foto-rotta.md"
    (project / relative).write_text(
        "Title: Una foto che non si apre\nDate: 2026-05-01\nSummary: Prova.\n"
        f"Image: {image_path}\nImage_alt: Una foto\n\nTesto.\n", encoding="utf-8")
    return relative


@pytest.mark.parametrize("payload", [b"questo non e un jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"],
                         ids=["not-an-image", "truncated"])
def test_unreadable_image_fails_the_build_naming_the_content_file(project_copy, payload):
    (project_copy / "content" / "images" / "tips" / "rotta.jpg").write_bytes(payload)
    relative = tip_with_image(project_copy, "images/tips/rotta.jpg")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy, overrides={"IMAGES_WORKERS": 1})
    lines = [str(p) for p in failure.value.problems]
    assert any(line.startswith(f"{relative}:") and "Image" in line and "rotta.jpg" in line
               for line in lines), lines


def test_missing_image_fails_the_build_naming_the_content_file(project_copy):
    relative = tip_with_image(project_copy, "images/tips/non-esiste.jpg")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    assert any(str(p).startswith(f"{relative}:") and p.field == "Image"
               for p in failure.value.problems), failure.value.problems


def test_image_with_too_many_pixels_fails_the_build(project_copy):
    relative = tip_with_image(project_copy, "images/tips/inverno.jpg")
    with pytest.raises(BuildFailed) as failure:
        build(project_copy, overrides={"IMAGES_MAX_PIXELS": 500_000})
    assert any(str(p).startswith(f"{relative}:") and "pixel" in str(p)
               for p in failure.value.problems), failure.value.problems


def test_long_italian_titles_wrap_inside_the_card_and_end_with_an_ellipsis():
    encode, _images = images_plugin()
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = ImageFont.truetype(str(FONT_BOLD), 64)
    title = ("Perché l'acqua calcarea di città rende opachi i capelli e che cosa può fare "
             "davvero un filtro per la doccia, spiegato senza esagerazioni né promesse") * 2
    lines, fits = encode.wrap_lines(draw, title, font, 900, 4)
    assert not fits and len(lines) == 4 and lines[-1].endswith("…")
    assert all(draw.textlength(line, font=font) <= 900 for line in lines)
    assert "Perché" in lines[0]


def test_event_cards_show_the_date_and_testimonial_cards_the_stars():
    encode, images = images_plugin()
    settings = {"THEME": str(PROJECT / "theme"), "DEFAULT_LANG": "it", "TIMEZONE": "Europe/Rome",
                "SITENAME": "Salone", "BRAND_COLORS": {"primary": "#8c2f57", "accent": "#d9a441"}}
    event = SimpleNamespace(title="Serata ricci", start=datetime(2027, 3, 15, 18, 30))
    spec = images.card_spec(settings, event, "events")
    assert "15 marzo 2027" in spec["kicker"] and "18:30" in spec["kicker"]
    review = SimpleNamespace(title="Finalmente ricci felici", rating=4, reviewer_name="Anna")
    spec = images.card_spec(settings, review, "reviews")
    assert spec["stars"] == 4 and "Anna" in spec["kicker"]
    card = encode.render_card(spec)
    assert card.size == (1200, 630)
    # The fifth star is drawn in the muted colour, the first four in the accent colour.
    accent = (0xD9, 0xA4, 0x41)
    lit = [card.getpixel((84 + 26 + i * 62, 78 + 62 + 24)) == accent for i in range(5)]
    assert lit == [True, True, True, True, False]


def test_transparent_png_stays_png_without_its_text_chunks_or_exif(tmp_path):
    encode, images = images_plugin()
    from PIL import PngImagePlugin

    source = tmp_path / "logo.png"
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Scattata in Via del Pratello")
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (44.0, 29.0, 45.6)})
    Image.new("RGBA", (700, 300), (140, 47, 87, 128)).save(source, pnginfo=info, exif=exif)
    spec = {"widths": [480, 960], "share_width": 1200, "jpeg_quality": 80, "webp_quality": 80,
            "max_pixels": 10_000_000}
    meta = encode.encode_photo(str(source), str(tmp_path / "cache"), "k", spec)
    assert meta["ext"] == "png" and meta["widths"] == [480, 700] and meta["share_width"] == 700
    for name in meta["files"]:
        with Image.open(tmp_path / "cache" / "k" / name) as image:
            assert image.mode == "RGBA" and not image.getexif()
            assert not {"Comment", "exif", "xmp"} & set(image.info), (name, image.info)
    assert encode.encode_photo(str(source), str(tmp_path / "cache"), "k", spec)["encoded"] > 0
    assert images.published_names("images/logo.png", meta)["w480.webp"] == "images/logo-480w.webp"


def test_two_sources_with_the_same_name_never_overwrite_each_other():
    _encode, images = images_plugin()
    meta = {"ext": "jpg", "files": {"full.jpg": [1, 1, 1], "w480.jpg": [1, 1, 1],
                                    "w480.webp": [1, 1, 1]}}
    taken: set[str] = set()
    first = images.published_names("images/sole.jpg", meta, taken)
    second = images.published_names("images/sole.webp", meta, taken)
    assert set(first.values()).isdisjoint(second.values())
    assert second["w480.webp"] == "images/sole-webp-480w.webp"


def test_testimonial_photo_without_consent_is_never_published_in_any_form(project_copy):
    photos = project_copy / "content" / "images" / "testimonials"
    Image.new("RGB", (800, 600), "#5b1f3a").save(photos / "senza-consenso.jpg")
    original = (project_copy / "content" / "testimonials" / "anna-trattamento-ricci.md").read_text(
        encoding="utf-8")
    private = (original.replace("ricci-prima-e-dopo.jpg", "senza-consenso.jpg")
               .replace("Photo_consent: yes", "Photo_consent: no")
               .replace("Date: 2026-10-21 10:30", "Date: 2026-10-22 10:30"))
    (project_copy / "content" / "testimonials" / "senza-consenso.md").write_text(
        private, encoding="utf-8")
    output = build(project_copy).output_dir
    assert not list(output.rglob("senza-consenso*"))
    assert (output / "images" / "testimonials" / "ricci-prima-e-dopo.jpg").is_file()
