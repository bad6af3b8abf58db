"""The restructure of issue 22 changed no byte: the demo builds as it did before the code moved.

The revision below is the last one before the move into packages (passaparola/build, preview,
owner, dev; plugins cut into parts). Both sides are built by their own code on the same day.
When a later change of the site is intended, this test names every file that changed: move
``BEFORE_RESTRUCTURE`` to the commit that made the intended change.
"""

from __future__ import annotations

import subprocess

import pytest

from passaparola.dev.same_site import compare_with_revision, differing_files
from tests.support import PROJECT, image_cache_source

BEFORE_RESTRUCTURE = "1fd7dfbe7f036226259e037c52cc849353db2c45"


def _revision_here(revision: str) -> bool:
    found = subprocess.run(["git", "-C", str(PROJECT), "cat-file", "-e", f"{revision}^{{commit}}"],
                           capture_output=True)
    return found.returncode == 0


def test_the_demo_builds_to_the_same_bytes_as_before_the_restructure(tmp_path):
    if not _revision_here(BEFORE_RESTRUCTURE):
        shallow = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "--is-shallow-repository"],
                                 capture_output=True, text=True).stdout.strip()
        if shallow == "true":
            pytest.skip("a shallow clone: the revision before the restructure is not in it")
        pytest.fail(f"{BEFORE_RESTRUCTURE} is not in this checkout's history")
    compared, differing = compare_with_revision(PROJECT, BEFORE_RESTRUCTURE, tmp_path,
                                                image_cache_source())
    assert compared > 200  # the demo: pages, feeds, calendars, photos
    assert differing == []


def test_a_changed_byte_is_named():
    before = {"index.html": "a", "feed.xml": "b", "old.html": "c"}
    after = {"index.html": "a", "feed.xml": "B", "new.html": "d"}
    assert differing_files(before, after) == ["feed.xml", "new.html", "old.html"]
