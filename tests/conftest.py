"""Shared fixtures: real builds of the demo site and of throw-away copies of the project."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from passaparola.build.driver import build
from passaparola.dev.browser import launch_chromium, serve_directory
from passaparola.owner.demo import ALLOW_DEMO_ENV
from tests.support import copy_project

# The demo salon is the tests' own site: they publish it on purpose (tests/owner/test_start.py unsets
# this to see publishing refuse it, as it does for the owner).
os.environ[ALLOW_DEMO_ENV] = "1"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo site, built for real from this checkout's content into a temporary folder."""
    # A copy, so that nothing of this checkout's state (output/, .cache/) is read or changed.
    return build(copy_project(tmp_path_factory.mktemp("demo") / "project")).output_dir


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A fresh copy of the project, for tests that change content or settings."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def demo_site_url(demo_site) -> Iterator[str]:
    """The built demo site served over HTTP on localhost: the base URL, without trailing slash."""
    with serve_directory(demo_site) as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    """One headless Debian Chromium for a whole test module; tests open their own contexts.

    Module scope, not session: Playwright's sync API cannot be started twice at once in a
    process, and other modules start it inside their tests.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def bad_site(tmp_path):
    """A folder for a tiny hand-written site that breaks one rule, to show that a gate fails."""
    folder = tmp_path / "bad-site"
    folder.mkdir()

    def write(relative: str, text: str) -> Path:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    write.root = folder
    return write
