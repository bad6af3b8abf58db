"""The mechanisms that make a cold image stage cheap give the same images as the slow way."""

from __future__ import annotations

import math

from PIL import Image, ImageChops, ImageStat

from passaparola.dev.bench.image_stage import measure_image_stage
from tests.support import PROJECT, copy_project, images_plugin

CARD = {"font": str(PROJECT / "theme" / "fonts" / "DejaVuSans.ttf"),
        "font_bold": str(PROJECT / "theme" / "fonts" / "DejaVuSans-Bold.ttf"),
        "colors": {"primary": "#8c2f57", "accent": "#d9a441"}, "footer": "Salone Ciocche Ribelli",
        "footer_right": "Bologna", "kicker": "Consiglio", "stars": 0,
        "title": "Come scegliere il balsamo giusto per capelli ricci e mossi in inverno"}


def psnr(a: Image.Image, b: Image.Image) -> float:
    rms = ImageStat.Stat(ImageChops.difference(a, b)).rms
    mse = sum(value * value for value in rms) / len(rms)
    return math.inf if mse == 0 else 10 * math.log10(255 ** 2 / mse)


def test_cards_drawn_on_the_cached_background_are_identical_to_cards_drawn_from_scratch():
    encode, _images = images_plugin()
    other_colors = {**CARD, "colors": {"primary": "#1d4e89", "accent": "#f2c14e", "paper": "#fffaf0"},
                    "stars": 3, "kicker": "Recensione di Anna", "title": "Ricci felici"}
    # Alternating colour sets: each card must come from its own colours' background.
    for spec in (CARD, other_colors, CARD, {**CARD, "title": "Un altro titolo, più corto"}):
        cached = encode.render_card(spec)
        fresh = encode.render_card(spec, cached=False)
        assert cached.size == (1200, 630)
        assert cached.tobytes() == fresh.tobytes()
    # Drawing on a card never changes the cached background under the next one.
    background = encode._cached_background((0x8C, 0x2F, 0x57), (0xD9, 0xA4, 0x41), (0xFD, 0xF8, 0xF4))
    assert background.tobytes() == encode.card_background(
        (0x8C, 0x2F, 0x57), (0xD9, 0xA4, 0x41), (0xFD, 0xF8, 0xF4)).tobytes()


def test_stored_card_is_a_lossless_png_of_the_rendered_card(tmp_path):
    encode, _images = images_plugin()
    meta = encode.encode_card(str(tmp_path), "card", CARD)
    with Image.open(tmp_path / "card" / "card.png") as stored:
        assert stored.format == "PNG" and stored.size == (1200, 630)
        assert stored.convert("RGB").tobytes() == encode.render_card(CARD, cached=False).tobytes()
    assert meta["files"]["card.png"][2] == (tmp_path / "card" / "card.png").stat().st_size


def test_chained_resizes_keep_the_exact_sizes_and_look_like_resizes_from_the_original():
    encode, _images = images_plugin()
    odd = Image.new("RGB", (1001, 667))
    chained = encode.chained_resize(odd, {120, 480, 500, 960, 1001})
    assert chained[1001] is odd
    assert {w: image.size for w, image in chained.items()} == {
        w: (w, max(1, round(667 * w / 1001))) for w in (120, 480, 500, 960, 1001)}

    with Image.open(PROJECT / "content" / "images" / "tips" / "colore-ramato.jpg") as opened:
        photo = opened.convert("RGB")
    widths = {480, 960, 1200, 1600}
    for width, image in encode.chained_resize(photo, widths).items():
        direct = photo.resize(image.size, Image.Resampling.LANCZOS)
        assert image.size == (width, round(photo.height * width / photo.width))
        assert psnr(image, direct) > 45  # far below what the eye can see


def test_jobs_sent_in_batches_come_back_in_order():
    encode, images = images_plugin()
    titles = [f"Titolo numero {index} " + "parola " * (index % 40) for index in range(150)]
    jobs = [(encode.short_title, title, 60) for title in titles]
    assert images.batch_size(len(jobs), 2) > 1
    assert images.run_jobs(jobs, 2) == [encode.short_title(title, 60) for title in titles]


def test_image_stage_alone_encodes_the_same_files_with_one_or_two_workers(tmp_path):
    project = copy_project(tmp_path / "project", warm_image_cache=False)
    one = measure_image_stage(project, 1)
    two = measure_image_stage(project, 2)
    assert (one["workers"], two["workers"]) == (1, 2)
    assert one["images"] == two["images"] == 7
    assert one["cards"] == two["cards"] > 10
    # Cold: every image gives its derivatives and every card is drawn, whatever the workers.
    assert one["encoded"] == two["encoded"] > one["images"] * 3 + one["cards"]
    assert all(m["seconds"] > 0 and m["cpu_seconds"] > 0 for m in (one, two))
    # The stage wrote into a scratch folder, never into the project.
    assert not (project / ".cache").exists() and not (project / "output").exists()
