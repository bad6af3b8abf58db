"""Does this checkout build the demo to the same bytes as an earlier revision did?

For changes that must not change the site (moving code, splitting plugins, renaming): each side
is built by its own code in a child process (``python -m passaparola build``), from an export of
the revision and a copy of the working tree, on the same day, and every output file's SHA-256 is
compared. ``invoke same-site --against REV`` runs it; ``tests/build/test_same_site.py`` uses it.

A site in several languages is compared in its default language only (the other languages'
files and the ``LANGUAGES`` line left out): an earlier revision may not know the others, and a
one-language site must build exactly as before (issue 23).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

# A content file written in another language than the site's default, in its header.
LANG_FIELD = re.compile(r"^Lang:\s*(\S+)\s*$", re.MULTILINE | re.IGNORECASE)
LANGUAGES_LINE = re.compile(r"^LANGUAGES\s*=.*$", re.MULTILINE)


def export_revision(project: Path, revision: str, target: Path) -> Path:
    """The files of ``revision`` (a commit of the project's git history) written into ``target``."""
    archive = subprocess.run(["git", "-C", str(project), "archive", "--format=tar", revision],
                             capture_output=True, check=True).stdout
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def export_working_tree(project: Path, target: Path) -> Path:
    """The files git would commit from the working tree (tracked or new, not ignored)."""
    names = subprocess.run(["git", "-C", str(project), "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], capture_output=True, check=True).stdout
    for name in sorted(set(filter(None, names.decode().split("\0")))):
        source = project / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def default_language_only(project: Path) -> None:
    """Leave out the translations and the ``LANGUAGES`` setting: the site in its default language."""
    conf = project / "pelicanconf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(LANGUAGES_LINE.sub("", text), encoding="utf-8")
    for source in (project / "content").rglob("*.md"):
        header = source.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if LANG_FIELD.search(header):
            source.unlink()


def build_with_own_code(project: Path, output: Path) -> None:
    """Build ``project`` into ``output`` with the ``passaparola`` package found in ``project``."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    done = subprocess.run([sys.executable, "-m", "passaparola", "build", "--project", str(project),
                           "--output", str(output), "--force"], cwd=project, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the build of {project} failed:\n{done.stdout}{done.stderr}")


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (path relative to it) -> its SHA-256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def differing_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files present on one side only or with other bytes, sorted."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def compare_with_revision(project: Path, revision: str, workdir: Path,
                          image_cache: Path | None = None) -> tuple[int, list[str]]:
    """Build ``revision`` and the working tree of ``project``: (files compared, files differing).

    ``image_cache`` (a project's ``.cache/images``) is copied into both sides first, so that
    neither spends minutes encoding photos the other side encodes identically.
    """
    sides = {"before": export_revision(project, revision, workdir / "before"),
             "after": export_working_tree(project, workdir / "after")}
    hashes = {}
    for name, tree in sides.items():
        default_language_only(tree)
        if image_cache is not None and image_cache.is_dir():
            shutil.copytree(image_cache, tree / ".cache" / "images", dirs_exist_ok=True)
        build_with_own_code(tree, workdir / f"{name}-output")
        hashes[name] = file_hashes(workdir / f"{name}-output")
    return len(hashes["before"]), differing_files(hashes["before"], hashes["after"])
