"""Shared fixtures: real builds of the demo site and of throw-away copies of the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from passaparola.build import build
from tests.support import PROJECT, copy_project


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo site, built for real from this checkout's content into a temporary folder."""
    output = tmp_path_factory.mktemp("demo") / "output"
    build(PROJECT, output_dir=output)
    return output


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A fresh copy of the project, for tests that change content or settings."""
    return copy_project(tmp_path / "project")
