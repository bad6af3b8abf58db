"""`invoke publish --target HOST`: builds the public site, then hands it to the host's own command
(Netlify, Cloudflare Pages), which keeps its login outside the project; for GitHub and GitLab Pages
it says that a push publishes. A missing command or an unknown host sends nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support import PROJECT

# A stand-in for the host's command line tool: it records how it was called and what it was given.
FAKE_TOOL = """#!/bin/sh
echo "$@" > "$(dirname "$0")/called-with"
for a in "$@"; do [ -f "$a/index.html" ] && ls "$a" > "$(dirname "$0")/received"; done
exit 0
"""


def publish(project: Path, *arguments: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": path if path is not None else os.environ["PATH"]}
    return subprocess.run([sys.executable, "-m", "invoke", "publish", *arguments], cwd=project,
                          env=env, capture_output=True, text=True, timeout=300)


def fake_tool(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text(FAKE_TOOL, encoding="utf-8")
    tool.chmod(0o755)
    return folder


def test_publishing_to_netlify_builds_then_runs_netlifys_own_deploy_on_the_built_site(project_copy, tmp_path):
    tools = fake_tool(tmp_path / "bin", "netlify")
    done = publish(project_copy, "--target", "netlify", path=f"{tools}:{os.environ['PATH']}")
    assert done.returncode == 0, done.stderr
    called = (tools / "called-with").read_text(encoding="utf-8").split()
    assert called[:3] == ["deploy", "--prod", "--dir"]
    assert Path(called[3]) == (project_copy / "output").resolve()
    assert "index.html" in (tools / "received").read_text(encoding="utf-8").split()
    assert done.stdout.strip().splitlines()[-1] == "Pubblicato con netlify."


def test_a_missing_host_command_sends_nothing_and_says_what_to_install(project_copy, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    # Only the folder of Python itself: no netlify anywhere.
    done = publish(project_copy, "--target", "netlify", path=f"{empty}:{Path(sys.executable).parent}")
    assert done.returncode == 1
    assert "manca il comando netlify" in done.stderr and '"Mettere il sito online"' in done.stderr
    # The chapter the message names is in the owner's guide.
    guide = (PROJECT / "docs" / "owner-guide.md").read_text(encoding="utf-8")
    assert "\n## Mettere il sito online\n" in guide


def test_cloudflare_dry_run_shows_wrangler_with_the_project_named_in_publishconf(project_copy):
    conf = project_copy / "publishconf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        'PUBLISH_CLOUDFLARE_PROJECT = ""', 'PUBLISH_CLOUDFLARE_PROJECT = "ciocche-ribelli"'),
        encoding="utf-8")
    done = publish(project_copy, "--target", "Cloudflare", "--dry-run")
    assert done.returncode == 0, done.stderr
    site = (project_copy / "output").resolve()
    assert f"wrangler pages deploy {site} --project-name ciocche-ribelli" in done.stdout


def test_github_and_gitlab_are_published_by_a_push(project_copy):
    for host in ("github", "gitlab"):
        done = publish(project_copy, "--target", host)
        assert done.returncode == 0, done.stderr
        assert "git push" in done.stdout and (project_copy / "output" / "index.html").is_file()


def test_an_unknown_host_is_refused_naming_the_known_ones(project_copy):
    done = publish(project_copy, "--target", "geocities")
    assert done.returncode == 1
    assert "geocities" in done.stderr and "cloudflare, github, gitlab, netlify" in done.stderr
