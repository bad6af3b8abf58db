"""The owner's commands as functions returning an exit code; ``tasks.py`` only calls these."""

from __future__ import annotations

import sys
from pathlib import Path

from passaparola.build.driver import BuildFailed, build, check, load_settings
from passaparola.build.report import (
    count_content_files,
    format_check,
    format_held_back,
    format_summary,
    summarize_site,
)
from passaparola.i18n import owner_language, tool_gettext, tool_ngettext
from passaparola.owner.demo import demo_pages_refusal, demo_settings_refusal
from passaparola.owner.scaffold import Scaffold, ScaffoldError


def _lang(project: Path, settings_file: str = "pelicanconf.py") -> str:
    return owner_language(load_settings(project, settings_file).get("DEFAULT_LANG"))


def check_for_owner(project: Path) -> int:
    """``invoke check``: print errors, warnings and a count; 1 when there is any error."""
    project = Path(project).resolve()
    settings = load_settings(project)
    problems = check(project)
    for line in format_check(problems, owner_language(settings.get("DEFAULT_LANG")),
                             count_content_files(Path(settings["PATH"]))):
        print(line)
    return 1 if any(p.level == "error" for p in problems) else 0


def build_for_owner(project: Path, settings_file: str = "pelicanconf.py",
                    output_dir: Path | str | None = None, force: bool = False) -> int:
    """``invoke build``: build, then print warnings and the summary; 1 when nothing was built."""
    project = Path(project).resolve()
    settings = load_settings(project, settings_file)
    lang = owner_language(settings.get("DEFAULT_LANG"))
    _ = tool_gettext(lang)
    first_build = not Path(output_dir or settings["OUTPUT_PATH"]).exists()
    # A build with a public address (publishconf.py, or any build on a host, which gives its own
    # address: build/hosting.py) is what a host that builds on every push publishes: the demo
    # salon's phone and address must not go online under her name, as `make publish` says.
    public = bool(str(settings.get("SITEURL") or "").strip())
    refusal = demo_settings_refusal(settings, project, _) if public else None
    if refusal:
        print(_("The public site was not built: {why}").format(why=refusal), file=sys.stderr)
        return 1
    print(_("Checking the content and building the site…"), flush=True)
    try:
        result = build(project, settings_file, output_dir=output_dir, force=force)
    except BuildFailed as failure:
        count = len(failure.problems)
        print(tool_ngettext(lang)(
            "The site was not built: {count} problem. The previous site is unchanged.",
            "The site was not built: {count} problems. The previous site is unchanged.", count)
              .format(count=count), file=sys.stderr)
        for problem in failure.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    refusal = demo_pages_refusal(project, settings, result.output_dir, _) if public else None
    if refusal:
        # A host that builds on push publishes only after a build that succeeded.
        print(_("The public site must not go online yet: {why}").format(why=refusal),
              file=sys.stderr)
        return 1
    if result.up_to_date:
        print(_("Nothing changed since the last build: {output} is up to date ({pages} pages).")
              .format(output=result.output_dir, pages=result.pages_written))
        return 0
    for warning in result.warnings:
        print(f"  {warning}")
    print(_("Done: {summary}").format(
        summary=format_summary(summarize_site(result.output_dir), result.seconds, lang)))
    held_back = format_held_back(result.fates, lang)
    if held_back:
        print(held_back)
    if first_build:
        print(_("Your site is in {folder}: open {page} in your browser, or run `make serve` to "
                "see it at http://localhost:8000 while you write.").format(
            folder=_shown(result.output_dir, project), page=_shown(result.output_dir / "index.html",
                                                                   project)))
    return 0


def _shown(path: Path, project: Path) -> str:
    """A path as the owner types it: relative to the project when inside it."""
    return str(path.relative_to(project)) if path.is_relative_to(project) else str(path)


def new_for_owner(project: Path, kind: str, **options) -> int:
    """``invoke new-tip|new-event|new-review``: create the file and print its path; 1 if refused."""
    project = Path(project).resolve()
    scaffold = Scaffold(project)
    makers = {"tip": scaffold.new_tip, "event": scaffold.new_event, "review": scaffold.new_review}
    try:
        path = makers[kind](**options)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(path.relative_to(project))
    return 0
