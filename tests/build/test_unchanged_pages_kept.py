"""A rebuild of a site in two languages keeps the published file of every page it did not change.

The links between languages are written into every page after the runs; a page whose linked bytes
equal the published page's is the published file itself (hard-linked), not a new copy. The site
still equals a cold build byte for byte, and every unchanged file keeps its modification time.
"""

from __future__ import annotations

import os
from pathlib import Path

from passaparola.build.driver import build
from tests.support import tree_hashes

EDITED_TIP = "content/tips/shampoo-secco.md"


def html_stats(site: Path) -> dict[str, os.stat_result]:
    return {p.relative_to(site).as_posix(): p.stat() for p in site.rglob("*.html")}


def test_a_rebuild_keeps_the_unchanged_pages_and_equals_a_cold_build(project_copy, tmp_path):
    site = project_copy
    first = build(site)
    before, hashes_before = html_stats(first.output_dir), tree_hashes(first.output_dir)
    assert any(path.startswith("en/") for path in before)  # the demo is in two languages

    tip = site / EDITED_TIP
    tip.write_text(tip.read_text(encoding="utf-8") + "\nUna riga in più.\n", encoding="utf-8")
    edited = build(site)
    after, hashes_after = html_stats(edited.output_dir), tree_hashes(edited.output_dir)
    cold = build(site, output_dir=tmp_path / "cold", cache=False, force=True,
                 overrides={"IMAGES_CACHE_PATH": str(tmp_path / "images-cache")})
    assert hashes_after == tree_hashes(cold.output_dir)

    same = [path for path in after if hashes_after[path] == hashes_before.get(path)]
    changed = [path for path in after if path not in same]
    assert same and changed
    # Unchanged pages: the published file itself, mtime included; the changed ones are new files.
    assert all(os.path.samestat(after[path], before[path]) for path in same)
    assert all(after[path].st_mtime_ns == before[path].st_mtime_ns for path in same)
    assert sorted(p for p in changed if p in before) == sorted(
        p for p in edited.changed_paths if p.endswith(".html") and p in before)
