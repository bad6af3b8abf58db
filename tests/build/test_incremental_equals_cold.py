"""A rebuild after a photo edit equals a cold build of the same project, byte for byte.

Issue 21 asks this for every kind of edit. Seven kinds are proven in
``tests/plugins/render_cache/test_render_cache.py``, one fresh site each: a tip's text, a title,
a tag, a template, a setting, an event's date and a testimonial's rating (plus a deleted tip).
This file adds the photo, where the content file may not change at all: the owner replaces a photo
under the same name, gives a tip a cover straight from her phone, and takes a photo out of a tip's
body. One project copy takes the edits in turn (cheaper than a site per edit, and each rebuild
starts from the caches the previous one left); after each, the same project is built cold into
another folder (no reading or render cache; an image cache that only these cold builds use, keyed
by each photo's bytes) and every file's SHA-256 is compared.
"""

from __future__ import annotations

import random
from pathlib import Path

from passaparola.build.driver import build
from passaparola.dev.synthetic import write_image
from tests.support import tree_hashes

COVER_TIP = "content/tips/capelli-in-inverno.md"
COVER_PHOTO = "content/images/tips/inverno.jpg"
BODY_PHOTO_TIP = "content/tips/phon-e-piastra.md"
PHONE_PHOTO = "images/tips/IMG 1234.JPG"  # as the owner's phone names it


def cold_build(project: Path, folder: Path) -> dict[str, str]:
    """The project built from nothing into ``folder / "output"``: its files' SHA-256 by path.

    The image cache ``folder / "images-cache"`` is shared by the cold builds of one test only
    (encoding every demo photo three times would triple the test's time); the incremental builds
    never see it.
    """
    result = build(project, output_dir=folder / "output", cache=False, force=True,
                   overrides={"IMAGES_CACHE_PATH": str(folder / "images-cache")})
    return tree_hashes(result.output_dir)


def rebuild(project: Path) -> dict[str, str]:
    result = build(project)
    assert not result.up_to_date
    return tree_hashes(result.output_dir)


def replace_line(path: Path, prefix: str, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    matching = [i for i, old in enumerate(lines) if old.startswith(prefix)]
    assert len(matching) == 1, f"{prefix!r} in {path.name}"
    lines[matching[0]] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_photo_edits_rebuild_exactly_like_a_cold_build(project_copy, tmp_path):
    site = project_copy
    first = tree_hashes(build(site).output_dir)

    # 1. The same name, another photo (another size too): only the image changed, not the tip.
    write_image(site / COVER_PHOTO, random.Random(21))
    after_photo = rebuild(site)
    assert after_photo != first
    assert after_photo == cold_build(site, tmp_path / "cold")

    # 2. A new cover straight from the phone, with a space and capitals in its name.
    write_image(site / "content" / PHONE_PHOTO, random.Random(22))
    replace_line(site / COVER_TIP, "Image: ", f"Image: {PHONE_PHOTO}")
    after_cover = rebuild(site)
    assert any("IMG" in path for path in after_cover.keys() - after_photo.keys())
    assert after_cover == cold_build(site, tmp_path / "cold")

    # 3. The photo in a tip's body taken out (the file stays in content/images/).
    tip = site / BODY_PHOTO_TIP
    tip.write_text("\n".join(line for line in tip.read_text(encoding="utf-8").splitlines()
                             if "{static}/images/" not in line) + "\n", encoding="utf-8")
    after_body = rebuild(site)
    assert after_body != after_cover
    assert after_body == cold_build(site, tmp_path / "cold")
