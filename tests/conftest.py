"""Shared fixtures: real builds of the demo site and of throw-away copies of the project."""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from passaparola.build.driver import build
from passaparola.dev.browser import launch_chromium, serve_directory
from passaparola.owner.demo import ALLOW_DEMO_ENV
from tests.support import (
    IMAGE_CACHE,
    PROJECT,
    copy_project,
    seed_image_cache,
    tree_hashes,
    use_shared_image_cache,
)

# The demo salon is the tests' own site: they publish it on purpose (tests/owner/test_start.py unsets
# this to see publishing refuse it, as it does for the owner).
os.environ[ALLOW_DEMO_ENV] = "1"


def _run_folder(tmp_path_factory) -> Path:
    """The temporary folder of this whole test run, shared by every xdist worker of it."""
    base = tmp_path_factory.getbasetemp()
    # Each worker's own folder (popen-gw0, popen-gw1) sits in the run's folder.
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` (the other workers wait for it)."""
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@functools.cache
def _shared_demo_project(run_folder: Path) -> Path:
    """The demo, built for real once per test run from a copy of this checkout.

    The first worker to need it builds it under a lock and marks it built: the other worker waits
    and reads the same site, and no worker ever sees a half-built one (a failed build is made
    again). Built where it stays, never moved: a process keeps the plugins it imported first,
    with their paths. A copy, so that nothing of this checkout's state (output/, .cache/) is read
    or changed.
    """
    project = run_folder / "demo-project"
    built = run_folder / "demo-project.built"
    with _locked(run_folder / "demo-project.lock"):
        if not built.exists():
            shutil.rmtree(project, ignore_errors=True)
            # Not through copy_project's own seeding: that may ask for this very build.
            copy_project(project, warm_image_cache=False)
            if (PROJECT / IMAGE_CACHE).is_dir():
                seed_image_cache(project, PROJECT / IMAGE_CACHE)
            build(project)
            built.touch()
    return project


@pytest.fixture(scope="session", autouse=True)
def _copies_start_with_encoded_images(tmp_path_factory) -> Iterator[None]:
    """In a checkout without encoded images (a fresh clone), copies take the shared demo's."""
    run_folder = _run_folder(tmp_path_factory)
    use_shared_image_cache(lambda: _shared_demo_project(run_folder) / IMAGE_CACHE)
    yield
    use_shared_image_cache(None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest files first, then the browser and end-to-end files, then the rest: with two
    workers (given whole files, in this order: `invoke test` turns off xdist's own reordering)
    none of the long ones is left running alone at the end of the run."""
    e2e = PROJECT / "tests" / "e2e"
    items.sort(key=lambda item: (item.path.name not in LONGEST_FILES_FIRST,
                                 LONGEST_FILES_FIRST.index(item.path.name)
                                 if item.path.name in LONGEST_FILES_FIRST else 0,
                                 e2e not in item.path.parents))


# The longest files (a minute or more each, measured with --durations), longest first.
LONGEST_FILES_FIRST = ("test_render_cache.py", "test_fuzz.py", "test_guide_commands.py",
                       "test_quality_axe_phone.py", "test_quality_axe_desktop.py",
                       "test_kit.py", "test_quality_keyboard_phone.py", "test_quality_browser.py",
                       "test_editor_browser.py", "test_images_cache.py", "test_server.py",
                       "test_search_kept.py", "test_editor_config.py",
                       "test_quality_keyboard_desktop.py", "test_read_pool.py", "test_kit_browser.py",
                       "test_hosting_builds.py", "test_reliability.py",
                       "test_incremental_equals_cold.py")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Iterator[Path]:
    """The demo site, built for real once per run and shared by every test and worker: read it,
    never change it (copy it first). The run fails if a test changed a byte of it."""
    site = _shared_demo_project(_run_folder(tmp_path_factory)) / "output"
    before = tree_hashes(site)
    yield site
    assert tree_hashes(site) == before, "a test changed the shared demo site; copy it first"


@pytest.fixture
def built_demo_copy(tmp_path_factory, tmp_path) -> Path:
    """A copy of the shared demo project as its build left it (output/ and .cache/ included), for
    tests that need a project with a published site before they change or rebuild it."""
    project = tmp_path / "project"
    shutil.copytree(_shared_demo_project(_run_folder(tmp_path_factory)), project, symlinks=True)
    return project


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
