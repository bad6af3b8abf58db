"""The image cache cannot hide a change of encoder, and nothing written into output/ corrupts it.

Published images are hard links to the cache's entries: an editor that saves a published photo
in place writes into the cache too. Entries are read-only and checked against the digests they
were made with; their keys include the encoder's own code, so editing it re-encodes.
"""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

from passaparola.build.driver import build
from tests.support import copy_project
from tests.workflow_support import run_task

PHOTO = Path("images") / "tips" / "ricci.jpg"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_published_images_and_cache_entries_are_read_only(project_copy):
    site = build(project_copy).output_dir
    published = site / PHOTO
    assert published.is_file()
    assert stat.S_IMODE(published.stat().st_mode) & 0o222 == 0, "anyone may write into it"
    published_inodes = {p.stat().st_ino for p in (site / "images").rglob("*") if p.is_file()}
    # The entries this build published (the copy also holds older ones seeded from the checkout).
    used = {p.parent for p in (project_copy / ".cache" / "images").glob("*/*")
            if p.is_file() and p.stat().st_ino in published_inodes}
    assert len(used) > 1
    files = [p for entry in used for p in entry.iterdir()]
    assert {p.name for p in files} >= {"meta.json", "full.jpg", "card.png"}
    assert [p for p in files if stat.S_IMODE(p.stat().st_mode) & 0o222] == []


def test_a_photo_edited_in_place_in_output_is_published_right_by_the_next_build(project_copy):
    """As an owner's photo tool would: open output/images/... and save over it in place."""
    site = build(project_copy).output_dir
    published = site / PHOTO
    right = published.read_bytes()
    published.chmod(0o644)  # the tool forces the write, as root or a careless script does
    with published.open("r+b") as stream:
        stream.seek(len(right) // 2)
        stream.write(b"\0" * 4096)
    assert published.read_bytes() != right
    cache = project_copy / ".cache" / "images"
    assert any(p.is_file() and p.read_bytes() == published.read_bytes()
               for p in cache.glob("*/*")), "the cache shares the damaged file"
    tip = project_copy / "content" / "tips" / "shampoo-secco.md"
    tip.write_text(tip.read_text(encoding="utf-8") + "\nUna riga nuova.\n", encoding="utf-8")
    again = build(project_copy).output_dir
    assert (again / PHOTO).read_bytes() == right
    report = json.loads((cache / "report.json").read_text(encoding="utf-8"))
    assert report["encoded_sources"] == [PHOTO.as_posix()]


def test_changing_the_encoder_code_re_encodes_instead_of_reusing_the_cache(tmp_path):
    project = copy_project(tmp_path / "project")
    first = run_task(project, "build")
    assert first.returncode == 0, first.stderr
    webp = sorted((project / "output" / PHOTO.parent).glob("ricci-*w.webp"))
    assert webp
    before = {p.name: sha(p) for p in webp}
    encoder = project / "plugins" / "images" / "encode.py"
    text = encoder.read_text(encoding="utf-8")
    assert text.count("WEBP_METHOD = 2\n") == 1
    encoder.write_text(text.replace("WEBP_METHOD = 2\n", "WEBP_METHOD = 5\n"), encoding="utf-8")
    second = run_task(project, "build")
    assert second.returncode == 0, second.stderr
    after = {p.name: sha(p) for p in sorted((project / "output" / PHOTO.parent).glob("ricci-*w.webp"))}
    assert set(after) == set(before)
    assert all(after[name] != before[name] for name in before), "the old encoder's files were kept"
