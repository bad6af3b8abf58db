"""Tasks for the site owner and developers: `invoke --list` shows them all."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from invoke import task

PROJECT = Path(__file__).resolve().parent
PYTHON = sys.executable


@task(help={"settings": "settings file (pelicanconf.py for preview, publishconf.py to publish)"})
def build(c, settings="pelicanconf.py"):
    """Check the content and build the site into output/."""
    c.run(f"{PYTHON} -m passaparola build --project {PROJECT} --settings {settings}", pty=False)


@task
def check(c):
    """Check every content file without building; lists every problem with file and line."""
    c.run(f"{PYTHON} -m passaparola check --project {PROJECT}", pty=False)


@task(help={"k": "only tests matching this expression", "x": "stop at the first failure"})
def test(c, k="", x=False):
    """Run the whole test suite (builds the demo site for real)."""
    c.run(f"{PYTHON} -m ruff check {PROJECT}", pty=False)
    selection = f"-k '{k}'" if k else ""
    stop = "-x" if x else ""
    workers = os.environ.get("PYTEST_WORKERS", "2")
    c.run(f"{PYTHON} -m pytest -n {workers} {selection} {stop}", pty=False)


@task(help={"port": "port to serve on"})
def serve(c, port=8000):
    """Build the site and serve it on http://localhost:PORT."""
    build(c)
    c.run(f"{PYTHON} -m http.server {port} --bind 127.0.0.1 --directory {PROJECT / 'output'}")


@task
def translations(c):
    """Extract the UI strings of the theme into theme/locale/messages.pot."""
    c.run(f"{PYTHON} -m babel.messages.frontend extract -F {PROJECT / 'babel.cfg'} "
          f"-o {PROJECT / 'theme/locale/messages.pot'} {PROJECT}")


@task
def lock(c):
    """Re-pin requirements.txt from requirements.in in a throw-away environment."""
    c.run(f"rm -rf /tmp/passaparola-lock && {PYTHON} -m venv /tmp/passaparola-lock && "
          f"/tmp/passaparola-lock/bin/pip install -q -r {PROJECT / 'requirements.in'} && "
          f"/tmp/passaparola-lock/bin/pip freeze > {PROJECT / 'requirements.txt'}")


@task(name="demo-images")
def demo_images(c):
    """Write the demo photos (with camera EXIF and GPS, as phones do) into content/images/tips/."""
    c.run(f"{PYTHON} -m passaparola.demo_images", pty=False)


@task
def screenshots(c):
    """Build the site and save phone and desktop screenshots of the home page into docs/."""
    from passaparola.browser import screenshot_pages

    build(c)
    for path in screenshot_pages(PROJECT / "output", ["/"], PROJECT / "docs" / "screenshots"):
        print(path.relative_to(PROJECT))
