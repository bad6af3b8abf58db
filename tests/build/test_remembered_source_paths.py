"""Pelican's relative source paths, answered from memory, stay Pelican's answers.

``passaparola.build.caches.remember_relative_source_paths`` replaces
``Content.get_relative_source_path`` (asked inside every ``url`` and ``save_as``) by a function of
the strings it reads; the answers must be the same for every source path, content folder and
working folder, also when the working folder changes between two questions.
"""

from __future__ import annotations

import os

import pytest
from pelican.contents import Content

from passaparola.build import caches

ORIGINAL = Content.get_relative_source_path


class Source:
    """Just what ``get_relative_source_path`` reads of a content object."""

    def __init__(self, source_path, content_path):
        self.source_path = source_path
        self.settings = {"PATH": content_path}


CASES = [
    ("tips/a.md", "content"),
    ("content/tips/a.md", "."),
    ("../elsewhere/x.md", "content"),
    ("a/./b/../c.md", "content/"),
    ("/srv/site/content/events/festa.md", "/srv/site/content"),
    ("/srv/other/z.md", "/srv/site/content"),
    ("/srv/site/content/events/festa.md", "content"),  # the working folder counts
    ("tips/IMG 1234.JPG", "content"),
]


@pytest.fixture
def remembered(monkeypatch):
    monkeypatch.setattr(Content, "get_relative_source_path", ORIGINAL)
    caches.remember_relative_source_paths()
    assert Content.get_relative_source_path is not ORIGINAL
    return Content.get_relative_source_path


@pytest.mark.parametrize(("source_path", "content_path"), CASES)
def test_the_remembered_answer_is_pelicans_in_every_working_folder(
        remembered, source_path, content_path, tmp_path, monkeypatch):
    for folder in (tmp_path, tmp_path / "deeper"):
        folder.mkdir(exist_ok=True)
        monkeypatch.chdir(folder)
        source = Source(source_path, content_path)
        assert remembered(source) == ORIGINAL(source)
        # An explicit source path, as Pelican asks for linked content
        assert remembered(source, "pages/chi-siamo.md") == ORIGINAL(source, "pages/chi-siamo.md")


def test_no_source_path_has_no_relative_path(remembered):
    assert remembered(Source(None, "content")) is None
    assert os.fspath(remembered(Source("a.md", "content"))) == "a.md"
