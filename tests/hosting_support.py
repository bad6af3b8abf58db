"""The hosts' own files, read as each host reads them: the build commands, their environment and
the folder each host publishes. Tests run what these return; nothing here repeats a command."""

from __future__ import annotations

import os
import re
import shutil
import string
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

from passaparola.build.hosting import SITEURL_VARIABLES
from tests.support import IMAGE_CACHE, PROJECT, image_cache_source

WORKFLOW = PROJECT / ".github" / "workflows" / "pages.yml"
NETLIFY = PROJECT / "netlify.toml"
GITLAB = PROJECT / ".gitlab-ci.yml"
GUIDE = PROJECT / "docs" / "owner-guide.en.md"


@dataclass
class HostBuild:
    """One host's build: shell lines run from the repository's root, with ``env`` added."""

    host: str
    commands: list[str]
    env: dict[str, str]
    site_folder: str
    address: str


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _resolve_expressions(value: str, values: dict[str, str]) -> str:
    """``${{ name }}`` of a GitHub workflow, from ``values``; an unknown one fails the test."""
    def replace(match: re.Match) -> str:
        name = match.group(1).strip()
        assert name in values, f"the workflow uses ${{{{ {name} }}}}: say what it is in this test"
        return values[name]
    return re.sub(r"\$\{\{(.*?)\}\}", replace, str(value))


def github_build() -> HostBuild:
    address = "https://salone-ciocche.github.io/sito"  # a project site: the address has a path
    steps = workflow()["jobs"]["build"]["steps"]
    runs = [step for step in steps if "run" in step]
    assert len(runs) == 1, "the build job has one shell step: the build"
    uploads = [step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    env = {name: _resolve_expressions(value, {"steps.pages.outputs.base_url": address})
           for name, value in (runs[0].get("env") or {}).items()}
    return HostBuild("github", runs[0]["run"].splitlines(), env, uploads[0]["with"]["path"], address)


def netlify_build() -> HostBuild:
    config = tomllib.loads(NETLIFY.read_text(encoding="utf-8"))["build"]
    address = "https://ciocche-ribelli.netlify.app"
    env = {**config.get("environment", {}), "NETLIFY": "true", "URL": address}
    return HostBuild("netlify", [config["command"]], env, config["publish"], address)


def gitlab_build(project_dir: Path) -> HostBuild:
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["pages"]
    address = "https://salone.gitlab.io/sito"
    given = {"CI": "true", "CI_PROJECT_DIR": str(project_dir), "CI_PAGES_URL": address}
    env = {name: string.Template(str(value)).substitute(given)
           for name, value in (job.get("variables") or {}).items()}
    return HostBuild("gitlab", list(job["script"]), {**given, **env}, job["artifacts"]["paths"][0],
                     address)


def cloudflare_build() -> HostBuild:
    """Cloudflare Pages keeps its settings in its dashboard: the owner's guide says what to type."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("### Cloudflare Pages", 1)[1].split("\n### ", 1)[0]

    def field(label: str) -> str:
        found = re.search(rf"\*\*{label}\*\*: `([^`]+)`", section)
        assert found, f"the guide's Cloudflare section gives no {label}"
        return found.group(1)

    address = "https://3f2a9c1e.ciocche-ribelli.pages.dev"
    variable, _, value = field("Environment variable").partition("=")
    env = {variable: value, "CF_PAGES": "1", "CF_PAGES_URL": address}
    return HostBuild("cloudflare", [field("Build command")], env, field("Build output directory"),
                     address)


def fresh_clone(target: Path) -> Path:
    """A clone of this repository's last commit, with the image cache a host restores from the
    previous run (actions/cache, GitLab's cache) and this checkout's Python environment (creating
    one takes a minute of downloads)."""
    subprocess.run(["git", "clone", "--quiet", str(PROJECT), str(target)],
                   check=True)
    source = image_cache_source()
    if source is not None and source.is_dir():
        shutil.copytree(source, target / IMAGE_CACHE, copy_function=os.link)
    (target / ".venv").symlink_to(PROJECT / ".venv")
    # The environment is this checkout's, installed from the same pinned files: the clone's copies
    # are dated as old as the checkout's, so make does not reinstall into (and re-date, under
    # faketime) an environment the test does not own.
    for name in ("requirements.txt", "pyproject.toml"):
        stat = (PROJECT / name).stat()
        os.utime(target / name, (stat.st_atime, stat.st_mtime))
    return target


def host_environment(extra: dict[str, str]) -> dict[str, str]:
    """This machine's environment without any site address of ours, plus the host's variables."""
    base = {name: value for name, value in os.environ.items()
            if name not in {variable for variable, _ in SITEURL_VARIABLES}
            and not name.startswith(("NETLIFY", "CF_PAGES", "CI_", "PYTEST"))}
    return {**base, **extra}


def run_host_build(build: HostBuild, project_dir: Path, prefix: list[str] | None = None,
                   extra_env: dict[str, str] | None = None,
                   timeout: float = 900) -> subprocess.CompletedProcess:
    """Run the host's commands in ``project_dir`` as its build machine would (bash, stop at the
    first failing line); ``prefix`` wraps the shell (e.g. ``faketime``)."""
    script = "\n".join(build.commands)
    return subprocess.run([*(prefix or []), "bash", "-e", "-c", script], cwd=project_dir,
                          env=host_environment({**build.env, **(extra_env or {})}),
                          capture_output=True, text=True, timeout=timeout)
