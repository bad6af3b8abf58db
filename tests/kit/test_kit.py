"""The social kit of the demo site: every picture's size and safe area, captions, Google posts,
printables read back with real tools (pdftoppm, zbarimg, pdffonts), and incremental drawing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from passaparola.build.driver import build, load_settings
from passaparola.kit import captions, images, printed
from passaparola.kit.items import EventFacts, KitItem, short_quote
from passaparola.kit.make import (
    FONTS,
    KEY_FILE,
    expected_files,
    labels_for,
    make_kit,
    review_target,
)
from passaparola.web import absolute_url
from tests.support import PROJECT, copy_project
from tests.workflow_support import run_task

PUBLIC = load_settings(PROJECT, "publishconf.py")
LABELS = labels_for(PUBLIC.get("DEFAULT_LANG", "it"))
BRAND = images.brand_from(PUBLIC, tuple(str(Path(PUBLIC["THEME"]) / font) for font in FONTS))
CONTACTS = printed.contacts_from(PUBLIC, absolute_url(PUBLIC, "/"))
LONG_TITLE = ("Precipitevolissimevolmente dal parrucchiere: come sopravvivere alla ricrescita, "
              "all'umidità di Bologna e ai capelli crespi in pieno agosto senza rinunciare al "
              "colore, alla piega e alla pazienza dell'acconciatrice")
# Google Business Profile API v4, accounts.locations.localPosts: the fields a client may send.
LOCAL_POST_FIELDS = {"languageCode", "summary", "callToAction", "event", "media", "topicType",
                     "alertType", "offer"}
TOPIC_TYPES = {"STANDARD", "EVENT", "OFFER", "ALERT"}
ACTION_TYPES = {"BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "CALL"}
MEDIA_FORMATS = {"PHOTO", "VIDEO"}


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """The demo's kit, made for real from this checkout (a public build into a scratch folder)."""
    folder = tmp_path_factory.mktemp("kit") / "kit"
    report = make_kit(PROJECT, folder=folder)
    return report


def pdf_to_png(pdf: Path, folder: Path, dpi: int = 200) -> Path:
    """The PDF's first page as an image, rendered by poppler's pdftoppm."""
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(prefix)],
                   check=True, capture_output=True)
    return prefix.with_suffix(".png")


def qr_codes(png: Path) -> list[str]:
    """Every QR code zbar finds in the image."""
    found = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                            str(png)], capture_output=True, text=True)
    return [line for line in found.stdout.splitlines() if line]


def text_bounds(item: KitItem, fmt: str, drawn: Image.Image) -> tuple[int, int, int, int]:
    """Where text is on a picture: what differs from the same picture drawn without text."""
    bare = images.draw(item, fmt, BRAND, LABELS, with_text=False)
    bounds = ImageChops.difference(drawn.convert("RGB"), bare).getbbox()
    assert bounds, f"no text found on the {fmt} of {item.folder}"
    return bounds


def event_item(title: str = "Serata colore", **changes) -> KitItem:
    facts = EventFacts(start="2027-03-04T19:00:00+01:00", end="2027-03-04T21:00:00+01:00",
                       all_day=False, date_words="giovedì 4 marzo 2027",
                       time_words="dalle 19:00 alle 21:00", mode="offline", mode_label="In salone",
                       location="Via del Pratello 41/B, Bologna", online_url="", registration="",
                       price_label="10,00 €", status="scheduled", status_label="")
    fields = {"kind": "event", "section": "eventi", "slug": "serata", "title": title,
              "summary": "Una serata sul colore.", "url": "https://www.example.it/eventi/serata/",
              "event": facts, **changes}
    return KitItem(**fields)


# --- what is made ------------------------------------------------------------------------------

def test_every_published_tip_event_and_testimonial_gets_its_folder_with_every_file(kit):
    kinds = {item.kind for item in kit.items}
    assert kinds == {"tip", "event", "testimonial"}
    for item in kit.items:
        folder = kit.folder / item.section / item.slug
        present = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
        assert present == set(expected_files(item)), item.folder
        assert ("flyer.pdf" in present) == (item.kind == "event")
    assert (kit.folder / "review-card.pdf").is_file()


def test_every_picture_has_the_size_of_its_format(kit):
    assert kit.items
    for item in kit.items:
        for fmt, size in images.FORMATS.items():
            with Image.open(kit.folder / item.folder / f"{fmt}.png") as picture:
                assert picture.size == size, (item.folder, fmt)
    assert images.FORMATS == {"story": (1080, 1920), "square": (1080, 1080),
                              "portrait": (1080, 1350)}


def test_text_stays_inside_the_safe_area_of_every_picture_measured_on_the_image(kit):
    assert kit.items
    for item in kit.items:
        for fmt, (width, height) in images.FORMATS.items():
            with Image.open(kit.folder / item.folder / f"{fmt}.png") as picture:
                left, top, right, bottom = text_bounds(item, fmt, picture)
            assert left >= images.SIDE_MARGIN - 8 and right <= width - images.SIDE_MARGIN, \
                (item.folder, fmt, left, right)
            free = images.STORY_SAFE_MARGIN if fmt == "story" else images.SIDE_MARGIN
            assert top >= free and bottom <= height - free, (item.folder, fmt, top, bottom)
    assert images.STORY_SAFE_MARGIN == 250


def test_a_long_italian_title_wraps_and_shrinks_never_cut_mid_word_nor_overflowing():
    for photo in ("", str(PROJECT / "content/images/tips/colore-ramato.jpg")):
        for fmt in images.FORMATS:
            long_item = event_item(LONG_TITLE, photo=photo)
            short_item = event_item("Serata colore", photo=photo)
            box = images.text_box(fmt, bool(photo))
            footer = images.Block(BRAND.salon, "footer", True, BRAND.accent)
            placed = images.layout(images.blocks_for(long_item, BRAND, LABELS), footer, box, BRAND,
                                   centre=not photo)
            assert placed, f"the long title found no size that fits the {fmt}"
            title_lines = [line for line in placed if line.color == BRAND.paper
                           and line.font.path.endswith("Bold.ttf")]
            assert " ".join(line.text for line in title_lines).split() == LONG_TITLE.split()
            assert all(line.font.getlength(line.text) <= box[2] - box[0] for line in placed)
            short = images.layout(images.blocks_for(short_item, BRAND, LABELS), footer, box, BRAND,
                                  centre=not photo)
            assert title_lines[0].font.size < next(
                line.font.size for line in short if line.text == "Serata colore"), fmt
            left, top, right, bottom = text_bounds(long_item, fmt, images.draw(
                long_item, fmt, BRAND, LABELS))
            assert (left, top) >= (box[0] - 8, box[1]) and (right, bottom) <= (box[2], box[3])


def test_events_show_date_time_and_place_testimonials_their_stars_and_consented_name(kit):
    events = [item for item in kit.items if item.event]
    testimonials = [item for item in kit.items if item.kind == "testimonial"]
    assert events and testimonials
    for item in events:
        texts = [block.text for block in images.blocks_for(item, BRAND, LABELS)]
        assert item.event.date_words[1:] in texts[0]
        assert any(item.event.time_words in text for text in texts[2:])
        if item.event.mode == "online":
            assert item.event.mode_label in texts[2]
    anonymous = [item for item in testimonials if "cliente" in item.slug]
    assert anonymous, "the demo has testimonials without consent to the name"
    for item in testimonials:
        texts = [block.text for block in images.blocks_for(item, BRAND, LABELS)]
        assert texts[0] == "★" * item.rating + "☆" * (5 - item.rating)
        assert texts[-1] == f"— {item.reviewer}"
    source = (PROJECT / "content/testimonials/cliente-colore-ramato.md").read_text(encoding="utf-8")
    reviewer = re.search(r"^Reviewer: (.+)$", source, re.MULTILINE).group(1)
    for item in anonymous:
        for name in ("caption.txt", "caption-short.txt", "google-post.json"):
            assert reviewer.split()[0] not in (kit.folder / item.folder / name).read_text(
                encoding="utf-8")


def test_a_short_quote_ends_at_a_sentence_or_a_whole_word():
    text = "Per anni ho stirato i ricci. " + "Dopo il trattamento idratante " * 20
    assert short_quote(text, 60) == "Per anni ho stirato i ricci."
    cut = short_quote("parola " * 100, 50)
    assert cut.endswith(" …") and len(cut) <= 50 and set(cut[:-2].split()) == {"parola"}


# --- captions and Google posts -----------------------------------------------------------------

def test_captions_respect_the_platform_limits_with_link_in_bio_and_hashtags_from_the_tags(kit):
    assert kit.items
    for item in kit.items:
        caption = (kit.folder / item.folder / "caption.txt").read_text(encoding="utf-8")
        short = (kit.folder / item.folder / "caption-short.txt").read_text(encoding="utf-8")
        assert len(caption) <= 2200 and LABELS["link_in_bio"] in caption
        assert item.title in caption
        tags = re.findall(r"#\w+", caption)
        assert tags == captions.hashtags(item.tags) and len(tags) <= 30
        assert len(short) <= 500 and item.url in short.splitlines()[:2]
    tip = next(item for item in kit.items if item.kind == "tip" and item.tags)
    assert captions.hashtags(tip.tags)


def test_a_huge_summary_and_forty_tags_still_fit_instagram_and_the_short_caption():
    tags = [f"capelli ricci {n}" for n in range(40)] + ["Capelli Ricci 1"]
    item = KitItem(kind="tip", section="consigli", slug="x", title=LONG_TITLE,
                   summary="Parole di troppo. " * 400, url="https://www.example.it/consigli/x/",
                   tags=tags)
    caption = captions.instagram_caption(item, LABELS)
    short = captions.short_caption(item, LABELS)
    assert len(caption) <= 2200 and caption.count("#") == 30
    assert "#capelliricci1" in caption and LABELS["link_in_bio"] in caption
    assert len(short) <= 500 and item.url in short[:300]


def validate_local_post(post: dict) -> list[str]:
    """What a Google Business Profile API would reject in a localPost (the fields we send)."""
    errors = [f"unknown field {key}" for key in post if key not in LOCAL_POST_FIELDS]
    if post.get("topicType") not in TOPIC_TYPES:
        errors.append("topicType")
    if not isinstance(post.get("summary"), str) or not 0 < len(post["summary"]) <= 1500:
        errors.append("summary")
    action = post.get("callToAction")
    if action is not None and (set(action) - {"actionType", "url"}
                               or action.get("actionType") not in ACTION_TYPES
                               or not str(action.get("url", "")).startswith("https://")):
        errors.append("callToAction")
    for media in post.get("media", []):
        if media.get("mediaFormat") not in MEDIA_FORMATS or not media["sourceUrl"].startswith("http"):
            errors.append("media")
    if post.get("topicType") == "EVENT":
        event = post.get("event") or {}
        schedule = event.get("schedule") or {}
        if not 0 < len(event.get("title", "")) <= 58 or set(event) - {"title", "schedule"}:
            errors.append("event.title")
        for part in ("startDate", "endDate"):
            if set(schedule.get(part, {})) != {"year", "month", "day"}:
                errors.append(f"schedule.{part}")
        for part in ("startTime", "endTime"):
            if part in schedule and set(schedule[part]) != {"hours", "minutes", "seconds", "nanos"}:
                errors.append(f"schedule.{part}")
        if set(schedule) - {"startDate", "endDate", "startTime", "endTime"}:
            errors.append("schedule")
    return errors


def test_google_posts_have_the_local_post_fields_events_with_their_schedule(kit):
    phone_digits = re.sub(r"\D", "", PUBLIC["SALON"]["phone"])
    assert kit.items
    for item in kit.items:
        post = json.loads((kit.folder / item.folder / "google-post.json").read_text(encoding="utf-8"))
        assert validate_local_post(post) == [], item.folder
        assert phone_digits not in re.sub(r"\D", "", post["summary"])
        assert post["callToAction"] == {"actionType": "LEARN_MORE", "url": item.url}
        if item.event:
            assert post["topicType"] == "EVENT"
            start = post["event"]["schedule"]["startDate"]
            assert item.event.start.startswith(f"{start['year']}-{start['month']:02}-{start['day']:02}")
        else:
            assert post["topicType"] == "STANDARD" and "event" not in post
        assert post["media"][0]["sourceUrl"] == item.photo_url
        assert item.photo_url.startswith(PUBLIC["SITEURL"])


def test_a_phone_number_in_the_text_is_taken_out_of_the_google_post_but_dates_stay():
    item = event_item(summary="Chiamateci al +39 051 000 4127 o al 333.000.4127 entro il 15/10/2026.")
    post = captions.google_local_post(item, "it", LABELS)
    assert validate_local_post(post) == []
    assert "4127" not in post["summary"] and "15/10/2026" in post["summary"]
    assert "\n\n" in post["summary"], "paragraphs stay paragraphs"


# --- printables --------------------------------------------------------------------------------

def test_each_flyer_qr_code_read_by_zbar_is_the_address_of_its_event_page(kit, tmp_path):
    events = [item for item in kit.items if item.event]
    assert events
    for item in events:
        png = pdf_to_png(kit.folder / item.folder / "flyer.pdf", tmp_path)
        assert qr_codes(png) == [item.url], item.folder
        assert item.url.startswith(PUBLIC["SITEURL"] + "/")


def test_the_review_card_qr_code_leads_to_the_review_url_or_else_the_reviews_page(kit, tmp_path):
    png = pdf_to_png(kit.folder / "review-card.pdf", tmp_path)
    assert qr_codes(png) == [PUBLIC["SALON"]["review_url"]] == [kit.review_target]
    without = {**PUBLIC, "SALON": {k: v for k, v in PUBLIC["SALON"].items() if k != "review_url"}}
    reviews_page = review_target(without, {"reviews_url": "recensioni/"})
    assert reviews_page == PUBLIC["SITEURL"] + "/recensioni/"
    card = tmp_path / "card.pdf"
    card.write_bytes(printed.review_card(reviews_page, BRAND, CONTACTS, LABELS))
    assert qr_codes(pdf_to_png(card, tmp_path)) == [reviews_page]


def test_printables_are_a5_and_a6_with_vector_text_in_embedded_fonts(kit):
    flyer = next(kit.folder / item.folder / "flyer.pdf" for item in kit.items if item.event)
    card = kit.folder / "review-card.pdf"
    for pdf, (width, height) in ((flyer, (420, 595)), (card, (298, 420))):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
        assert (round(float(size.group(1))), round(float(size.group(2)))) == (width, height)
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
        rows = fonts.stdout.splitlines()[2:]
        assert rows and all(" yes " in row for row in rows), fonts.stdout
    text = subprocess.run(["pdftotext", str(card), "-"], capture_output=True, text=True).stdout
    assert "Ti è piaciuto? Lasciaci una recensione" in " ".join(text.split())


def test_the_flyer_says_when_in_words_where_and_the_price(kit):
    item = next(item for item in kit.items if item.event and item.event.price_label
                and item.event.mode == "offline" and not item.event.status_label)
    text = subprocess.run(["pdftotext", str(kit.folder / item.folder / "flyer.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert item.title in flat
    assert item.event.date_words[1:] in flat and item.event.time_words in flat
    assert " ".join(item.event.price_label.split()) in flat and CONTACTS.phone in flat
    online = next(item for item in kit.items if item.event and item.event.mode == "online")
    flat = " ".join(subprocess.run(["pdftotext", str(kit.folder / online.folder / "flyer.pdf"), "-"],
                                   capture_output=True, text=True).stdout.split())
    assert "Online" in flat


# --- incremental and errors --------------------------------------------------------------------

def test_an_unchanged_item_is_not_drawn_again_an_edited_one_is_a_deleted_one_goes(kit, tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(kit.folder, project / "kit")
    stamps = {p: p.stat().st_mtime_ns for p in (project / "kit").rglob("*.png")}
    again = make_kit(project)
    assert again.drawn == [] and len(again.unchanged) == len(kit.items)
    assert stamps == {p: p.stat().st_mtime_ns for p in (project / "kit").rglob("*.png")}
    tip = project / "content/tips/colore-che-dura.md"
    tip.write_text(tip.read_text(encoding="utf-8").replace(
        "Summary: Aspettare 48 ore", "Summary: Aspettare due giorni"), encoding="utf-8")
    (project / "content/tips/phon-e-piastra.md").unlink()
    edited = make_kit(project)
    assert edited.drawn == ["consigli/cinque-abitudini-per-far-durare-di-piu-il-colore"]
    assert edited.removed == ["consigli/phon-e-piastra-senza-rovinare-i-capelli-la-temperatura-giusta"]
    assert not (project / "kit" / edited.removed[0]).exists()
    assert (project / "kit" / edited.drawn[0] / KEY_FILE).is_file()


def test_invoke_kit_with_a_content_error_names_the_file_and_leaves_the_kit_alone(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "kit").mkdir()
    (project / "kit" / "keep.txt").write_text("old", encoding="utf-8")
    event = project / "content/events/serata-colore-naturale.md"
    event.write_text(event.read_text(encoding="utf-8").replace(
        "Event-start: 2026-10-15 19:00", "Event-start: 15 ottobre"), encoding="utf-8")
    result = run_task(project, "kit")
    assert result.returncode == 1
    assert "content/events/serata-colore-naturale.md:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert sorted(p.name for p in (project / "kit").iterdir()) == ["keep.txt"]


def test_the_reviews_page_has_a_leave_a_review_button_to_the_review_url(tmp_path):
    site = tmp_path / "site"
    build(PROJECT, output_dir=site)
    page = (site / "recensioni" / "index.html").read_text(encoding="utf-8")
    button = re.search(r'<a class="button" href="([^"]+)">Lascia una recensione</a>', page)
    assert button and button.group(1) == PUBLIC["SALON"]["review_url"]


def test_an_event_set_in_another_time_zone_is_posted_and_printed_in_the_salons_time(kit):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    source = (PROJECT / "content/events/tricologia-da-lisbona.md").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^(Event-start|Event-timezone): (.+)$", source, re.MULTILINE))
    start = datetime.fromisoformat(fields["Event-start"]).replace(
        tzinfo=ZoneInfo(fields["Event-timezone"])).astimezone(ZoneInfo(PUBLIC["TIMEZONE"]))
    assert fields["Event-timezone"] != PUBLIC["TIMEZONE"]
    item = next(item for item in kit.items if item.event and "lisbona" in item.slug)
    post = json.loads((kit.folder / item.folder / "google-post.json").read_text(encoding="utf-8"))
    assert post["event"]["schedule"]["startTime"]["hours"] == start.hour
    flyer = subprocess.run(["pdftotext", str(kit.folder / item.folder / "flyer.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert f"{start:%H:%M}" in flyer


def test_the_preview_kit_page_lists_content_errors_and_serves_nothing_outside_kit(tmp_path):
    from passaparola.kit.preview import kit_response

    project = copy_project(tmp_path / "project")
    event = project / "content/events/serata-colore-naturale.md"
    event.write_text(event.read_text(encoding="utf-8").replace(
        "Event-price: 10", "Event-price: dieci euro"), encoding="utf-8")
    body, kind, status = kit_response(project, "/kit/")
    page = body.decode("utf-8")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert 'role="alert"' in page and "content/events/serata-colore-naturale.md:" in page
    (project / "kit").mkdir(exist_ok=True)
    (project / "kit" / ".kit-key").write_text("secret", encoding="utf-8")
    for path in ("/kit/../pelicanconf.py", "/kit/%2e%2e/pelicanconf.py", "/kit/.kit-key",
                 "/kit/__assets/../make.py"):
        assert kit_response(project, path)[2] == 404, path
    assert kit_response(project, "/kit/__assets/kit.js")[2] == 200
