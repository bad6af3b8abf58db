"""The image cache's memo (plugins/images/memo.py) never hides a replaced photo.

A rebuild finds a photo's cache key from the source's status (inode, size, mtime, ctime) instead
of reading it again; a photo replaced in place, with its size and its old mtime kept, has a new
ctime, so the next build publishes the new picture. Statuses too fresh to be told apart from a
later change are not remembered.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from PIL import Image

from passaparola.build.driver import build
from tests.support import images_plugin

PHOTO = Path("content") / "images" / "tips" / "prova-memo.png"
PUBLISHED = Path("images") / "tips" / "prova-memo.jpg"


def write_png(path: Path, colour: tuple[int, int, int]) -> None:
    """An uncompressed PNG: two colours give two files of exactly the same size."""
    Image.new("RGB", (320, 200), colour).save(path, "PNG", compress_level=0)


def centre_colour(path: Path) -> tuple[int, ...]:
    with Image.open(path) as image:
        return image.convert("RGB").getpixel((160, 100))


def wait_until_settled(path: Path, settled_seconds: float) -> None:
    """Until the file's times are old enough for the memo to remember its status."""
    stamp = max(path.stat().st_mtime_ns, path.stat().st_ctime_ns) / 1e9
    time.sleep(max(0.0, stamp + settled_seconds + 0.5 - time.time()))


def test_a_photo_replaced_with_the_same_size_and_mtime_is_published_anew(project_copy):
    memo_module = images_plugin_memo()
    photo = project_copy / PHOTO
    write_png(photo, (200, 30, 30))
    wait_until_settled(photo, memo_module.SETTLED_SECONDS)
    site = build(project_copy).output_dir
    assert max(abs(a - b) for a, b in zip(centre_colour(site / PUBLISHED), (200, 30, 30),
                                          strict=True)) < 8
    memo = json.loads((project_copy / ".cache" / "images" / memo_module.MEMO_FILE).read_text())
    assert str(photo.resolve()) in memo["photos"], "the memo was not used: nothing is tested"

    before = photo.stat()
    replacement = photo.with_name("replacement.png")
    write_png(replacement, (30, 30, 200))
    with photo.open("r+b") as stream:  # in place, as an editor saving over it: same inode
        stream.write(replacement.read_bytes())
    replacement.unlink()
    os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = photo.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns, after.st_mode) == (
        before.st_ino, before.st_size, before.st_mtime_ns, before.st_mode)

    site = build(project_copy).output_dir
    assert max(abs(a - b) for a, b in zip(centre_colour(site / PUBLISHED), (30, 30, 200),
                                          strict=True)) < 8


def test_a_status_too_fresh_to_tell_a_later_change_is_not_remembered(tmp_path):
    memo_module = images_plugin_memo()
    photo = tmp_path / "photo.png"
    write_png(photo, (10, 10, 10))
    fresh = memo_module.DigestMemo(tmp_path)
    key = fresh.photo_key(photo, "{}")
    assert fresh.photos == {}
    settled = memo_module.DigestMemo(tmp_path, settled_seconds=0)
    assert settled.photo_key(photo, "{}") == key
    assert list(settled.photos) == [str(photo)]
    settled.save()
    assert memo_module.DigestMemo(tmp_path).photo_key(photo, "{}") == key
    assert memo_module.DigestMemo(tmp_path).photo_key(photo, '{"widths": [1]}') != key


def images_plugin_memo():
    """The images plugin's memo module, imported the way Pelican imports the plugin."""
    _encode, images = images_plugin()
    return sys.modules[images.DigestMemo.__module__]
