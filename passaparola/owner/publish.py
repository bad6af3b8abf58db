"""``invoke publish``: build the public site and send it to the server or a folder.

The build uses ``publishconf.py`` (absolute URLs, no drafts, no scheduled posts) through
:func:`passaparola.build.driver.build`, which refuses on any content error; nothing is sent then, so the
published site stays as it was. The site goes out with rsync (over SSH to ``PUBLISH_RSYNC_TARGET``,
or to the local folder ``PUBLISH_DIR``); without rsync a local folder is mirrored in Python.
``--dry-run`` builds and lists what would change without changing anything. Nothing is sent
while the demo salon's name, address, phone or domain is left in the settings or the pages
(:mod:`passaparola.owner.demo`).
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from passaparola.build.driver import BuildFailed, build, load_settings
from passaparola.build.report import format_held_back, format_summary, summarize_site
from passaparola.i18n import owner_language, tool_gettext, tool_ngettext
from passaparola.owner.demo import demo_pages_refusal, demo_settings_refusal

Echo = Callable[[str], None]


class PublishError(Exception):
    """Publishing stopped before anything was sent; the message (translated) says why."""


@dataclass
class Changes:
    """What a deploy changed (or, in a dry run, would change), by site-relative path."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ([f"+ {p}" for p in self.added] + [f"~ {p}" for p in self.updated]
                + [f"- {p}" for p in self.deleted])


def _site_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def mirror_folder(source: Path, target: Path, dry_run: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> Changes:
    """Make ``target`` an exact copy of ``source`` (pure Python, used when rsync is missing).

    Each file is written to a temporary name and renamed into place, so a visitor never gets half
    a file; files that are no longer part of the site are deleted last.
    """
    changes = Changes()
    wanted = _site_files(source)
    present = _site_files(target) if target.exists() else set()
    for relative in sorted(wanted):
        destination = target / relative
        if relative not in present:
            changes.added.append(relative)
        elif not filecmp.cmp(source / relative, destination, shallow=False):
            changes.updated.append(relative)
    changes.deleted = sorted(present - wanted)
    if dry_run:
        return changes
    to_copy = changes.added + changes.updated
    for done, relative in enumerate(to_copy, start=1):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{destination.name}.partial")
        shutil.copy2(source / relative, partial)
        os.replace(partial, destination)
        if progress:
            progress(done, len(to_copy))
    for relative in changes.deleted:
        (target / relative).unlink()
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()
    return changes


def rsync_command(source: Path, target: str, dry_run: bool) -> list[str]:
    """The rsync command line: mirror, delete what left the site, swap files in at the end."""
    command = ["rsync", "--recursive", "--links", "--times", "--compress", "--checksum",
               "--delete-after", "--delay-updates", "--itemize-changes", "--human-readable"]
    if dry_run:
        command.append("--dry-run")
    return command + [f"{source}/", target]


def parse_itemized(lines: list[str]) -> Changes:
    """Changes from rsync's ``--itemize-changes`` lines (``>f+++++++++ path``, ``*deleting path``)."""
    changes = Changes()
    for line in lines:
        flags, _, path = line.partition(" ")
        path = path.strip()
        if not path or path.endswith("/"):
            continue
        if flags.startswith("*deleting"):
            changes.deleted.append(path)
        elif flags[1:2] != "f" or flags[:1] not in ("<", ">"):
            continue  # a folder, or a file whose content is the same (only its time was set)
        elif "+++++++++" in flags:
            changes.added.append(path)
        else:
            changes.updated.append(path)
    return changes


def run_rsync(source: Path, target: str, dry_run: bool, echo: Echo, gettext) -> Changes:
    """Run rsync, showing a running count of the files it sends."""
    process = subprocess.Popen(rsync_command(source, target, dry_run), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if not dry_run and len(lines) % 50 == 0:
            echo(gettext("  … {count} files compared").format(count=len(lines)))
    stderr = process.stderr.read() if process.stderr else ""
    if process.wait() != 0:
        raise PublishError(gettext("rsync could not send the site ({code}): {error}").format(
            code=process.returncode, error=stderr.strip()))
    return parse_itemized(lines)


def _target(settings: dict, project: Path, gettext) -> tuple[str, Path | str]:
    folder = str(settings.get("PUBLISH_DIR") or "").strip()
    remote = str(settings.get("PUBLISH_RSYNC_TARGET") or "").strip()
    if folder and remote:
        raise PublishError(gettext("publishconf.py sets both PUBLISH_DIR and PUBLISH_RSYNC_TARGET: "
                                   "keep only one"))
    if remote:
        return "rsync", remote
    if folder:
        path = Path(folder).expanduser()
        return "folder", (path if path.is_absolute() else project / path).resolve()
    raise PublishError(gettext("publishconf.py says nowhere to publish: set PUBLISH_RSYNC_TARGET "
                               "(a server) or PUBLISH_DIR (a folder)"))


def _check_folder(folder: Path, project: Path, output: Path, gettext) -> None:
    """Refuse a folder where deleting files that are not part of the site would do harm."""
    if folder in (project, output) or project.is_relative_to(folder) or folder.is_relative_to(output) \
            or folder.is_relative_to(project / "content") or folder == Path(folder.anchor):
        raise PublishError(gettext("PUBLISH_DIR {folder} cannot be used: it would overwrite the "
                                   "project itself").format(folder=folder))
    if folder.is_file():
        raise PublishError(gettext("PUBLISH_DIR {folder} is a file, not a folder").format(folder=folder))
    if folder.is_dir() and any(folder.iterdir()) and not (folder / "index.html").is_file():
        raise PublishError(gettext(
            "PUBLISH_DIR {folder} already has files but no site in it (no index.html): publishing "
            "would delete them. Choose an empty folder.").format(folder=folder))


def _refuse_demo_settings(settings: dict, project: Path, _) -> None:
    """Before building: nothing is published while the settings still describe the demo salon."""
    why = demo_settings_refusal(settings, project, _)
    if why:
        raise PublishError(why)


def _refuse_demo_pages(project: Path, settings: dict, site: Path, _) -> None:
    """After building: nothing is published while a page still shows the demo salon."""
    why = demo_pages_refusal(project, settings, site, _)
    if why:
        raise PublishError(why)


def publish(project_dir: Path | str = ".", dry_run: bool = False, use_rsync: bool | None = None,
            echo: Echo = print, settings_file: str = "publishconf.py") -> Changes:
    """Build the public site and deploy it; returns what changed (or would change, in a dry run).

    Raises BuildFailed (content errors: nothing sent) or PublishError (nowhere or no way to send).
    """
    project = Path(project_dir).resolve()
    settings = load_settings(project, settings_file)
    _ = tool_gettext(owner_language(settings.get("DEFAULT_LANG")))
    _refuse_demo_settings(settings, project, _)
    kind, target = _target(settings, project, _)
    output = Path(settings["OUTPUT_PATH"]).resolve()
    if use_rsync is None:
        use_rsync = shutil.which("rsync") is not None
    if kind == "folder":
        _check_folder(Path(target), project, output, _)
    elif not use_rsync:
        raise PublishError(_("rsync is needed to publish to a server; install it (on Debian or "
                             "Ubuntu: sudo apt install rsync)"))

    started = time.perf_counter()
    echo(_("1/2 Checking the content and building the public site…"))
    result = build(project, settings_file)
    echo("    " + format_summary(summarize_site(result.output_dir), result.seconds,
                                 owner_language(settings.get("DEFAULT_LANG"))))
    held_back = format_held_back(result.fates, owner_language(settings.get("DEFAULT_LANG")))
    if held_back:
        echo("    " + held_back)

    _refuse_demo_pages(project, settings, result.output_dir, _)

    echo((_("2/2 Comparing with {target} (dry run: nothing is changed)…") if dry_run
          else _("2/2 Sending the site to {target}…")).format(target=target))
    if use_rsync:
        changes = run_rsync(result.output_dir, str(target), dry_run, echo, _)
    else:
        def progress(done: int, total: int) -> None:
            if done == total or done % 50 == 0:
                echo(_("  … {done} of {total} files copied").format(done=done, total=total))

        changes = mirror_folder(result.output_dir, Path(target), dry_run, progress)

    for line in changes.lines():
        echo("    " + line)
    counts = {"added": len(changes.added), "updated": len(changes.updated),
              "deleted": len(changes.deleted), "seconds": time.perf_counter() - started}
    if dry_run:
        echo(_("Dry run: {added} new, {updated} changed, {deleted} to delete. Nothing was "
               "sent.").format(**counts))
    else:
        echo(_("Published: {added} new, {updated} changed, {deleted} deleted, in {seconds:.1f} "
               "s.").format(**counts))
    return changes


def main(argv: list[str] | None = None) -> int:
    """``python -m passaparola.owner.publish [--dry-run] [--project DIR]``: exit 1 when nothing was sent."""
    import argparse

    parser = argparse.ArgumentParser(prog="passaparola.owner.publish")
    parser.add_argument("--project", default=".")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    return publish_for_owner(Path(args.project), dry_run=args.dry_run)


# `invoke publish --target HOST`. GitHub and GitLab Pages build the site themselves from the
# repository: a push is the way (their files are .github/workflows/pages.yml and .gitlab-ci.yml).
# Netlify and Cloudflare Pages do too, and also have a command of their own that sends a folder:
# it logs in through the browser once and keeps its token in the user's home, never in the project.
HOST_COMMANDS: dict[str, list[str] | None] = {
    "github": None,
    "gitlab": None,
    "netlify": ["netlify", "deploy", "--prod", "--dir", "{site}"],
    "cloudflare": ["wrangler", "pages", "deploy", "{site}"],
}


def host_command(target: str, site: Path, settings: dict) -> list[str] | None:
    """The host's own command that sends ``site`` (None when a push publishes instead)."""
    template = HOST_COMMANDS[target]
    if template is None:
        return None
    command = [part.format(site=site) for part in template]
    project_name = str(settings.get("PUBLISH_CLOUDFLARE_PROJECT") or "").strip()
    if target == "cloudflare" and project_name:
        command += ["--project-name", project_name]
    return command


def publish_to_host(project_dir: Path | str, target: str, dry_run: bool = False,
                    echo: Echo = print, settings_file: str = "publishconf.py") -> list[str] | None:
    """Build the public site, then send it with the host's own command (``dry_run``: only show it).

    For a host that builds on push, nothing is sent: the owner is told to push. Returns the
    command that ran (or would run). Raises BuildFailed or PublishError, as :func:`publish`.
    """
    project = Path(project_dir).resolve()
    settings = load_settings(project, settings_file)
    _ = tool_gettext(owner_language(settings.get("DEFAULT_LANG")))
    target = target.strip().lower()  # "GitHub", "Netlify " as the owner may type them
    if target not in HOST_COMMANDS:
        raise PublishError(_("unknown target {target}: choose one of {targets}").format(
            target=target, targets=", ".join(sorted(HOST_COMMANDS))))
    _refuse_demo_settings(settings, project, _)
    echo(_("1/2 Checking the content and building the public site…"))
    result = build(project, settings_file)
    echo("    " + format_summary(summarize_site(result.output_dir), result.seconds,
                                 owner_language(settings.get("DEFAULT_LANG"))))
    _refuse_demo_pages(project, settings, result.output_dir, _)
    command = host_command(target, result.output_dir, settings)
    if command is None:
        echo(_("2/2 {target} builds the site itself from the repository: commit your changes and "
               "push them (git push); it rebuilds every morning too (see the owner's guide)."
               ).format(target=target))
        return None
    if dry_run:
        echo(_("2/2 Dry run: this would send the site: {command}").format(command=" ".join(command)))
        return command
    if shutil.which(command[0]) is None:
        raise PublishError(_("the {program} command is missing: install it and log in once (see "
                             "the owner's guide, \"Putting the site online\")").format(
            program=command[0]))
    echo(_("2/2 Sending the site with {program}…").format(program=command[0]))
    if subprocess.run(command, cwd=project).returncode != 0:
        raise PublishError(_("{program} could not send the site").format(program=command[0]))
    echo(_("Published with {program}.").format(program=command[0]))
    return command


def publish_for_owner(project: Path, dry_run: bool = False, target: str = "") -> int:
    """``invoke publish [--target HOST]``: publish and print the outcome for the owner; the exit
    code (0 when it worked)."""
    project = Path(project).resolve()
    lang = owner_language(load_settings(project, "publishconf.py").get("DEFAULT_LANG"))
    _ = tool_gettext(lang)
    try:
        if target:
            publish_to_host(project, target, dry_run=dry_run)
        else:
            publish(project, dry_run=dry_run)
    except BuildFailed as failure:
        count = len(failure.problems)
        print(tool_ngettext(lang)(
            "Nothing was published: {count} problem in the content. The site online is unchanged.",
            "Nothing was published: {count} problems in the content. The site online is unchanged.",
            count).format(count=count), file=sys.stderr)
        for problem in failure.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except PublishError as error:
        print(_("Nothing was published: {reason}").format(reason=error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
