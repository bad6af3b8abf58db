"""One list of what a project is made of: every job's subset comes from it, and it is real."""

from __future__ import annotations

from passaparola import project
from tests.support import PROJECT, PROJECT_PARTS, copy_project

SUBSETS = {
    "BUILD_INPUT_FOLDERS": project.BUILD_INPUT_FOLDERS,
    "BUILD_INPUT_FILES": project.BUILD_INPUT_FILES,
    "PREVIEW_WATCHED_FOLDERS": project.PREVIEW_WATCHED_FOLDERS,
    "PREVIEW_WATCHED_FILES": project.PREVIEW_WATCHED_FILES,
    "CACHE_KEY_FILES": project.CACHE_KEY_FILES,
    "COPY_PARTS": project.COPY_PARTS,
}


def test_every_subset_is_made_of_project_parts():
    assert all(SUBSETS.values())
    for name, parts in SUBSETS.items():
        assert set(parts) <= set(project.PROJECT_PARTS), name


def test_every_part_is_in_this_project_and_says_why_it_belongs():
    assert project.PROJECT_PARTS
    for part, why in project.PROJECT_PARTS.items():
        assert (PROJECT / part).exists(), part
        assert why.strip(), part


def test_a_copy_of_the_project_has_every_part(tmp_path):
    copy = copy_project(tmp_path / "copy", warm_image_cache=False)
    assert PROJECT_PARTS == project.COPY_PARTS
    missing = [part for part in project.PROJECT_PARTS if not (copy / part).exists()]
    assert missing == []
