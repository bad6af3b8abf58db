"""``python -m passaparola build|check``: the commands behind ``make build`` and ``invoke check``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from passaparola.build import BuildFailed, build, check
from passaparola.i18n import tool_gettext


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="passaparola")
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--project", default=".")
    parser.add_argument("--output", default=None)
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    project = Path(args.project)

    if args.command == "check":
        problems = check(project, args.settings)
        for problem in problems:
            print(problem)
        return 1 if any(p.level == "error" for p in problems) else 0

    try:
        result = build(project, args.settings, output_dir=args.output, force=args.force)
    except BuildFailed as failure:
        _ = tool_gettext(_site_lang(project, args.settings))
        print(_("The site was not built: {count} problem(s). The previous site is unchanged.")
              .format(count=len(failure.problems)), file=sys.stderr)
        for problem in failure.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    _ = tool_gettext(_site_lang(project, args.settings))
    if result.up_to_date:
        print(_("Nothing changed since the last build: {output} is up to date ({pages} pages).")
              .format(output=result.output_dir, pages=result.pages_written))
        return 0
    for warning in result.warnings:
        print(f"  {warning}")
    print(_("Built {pages} pages ({files} files) in {seconds:.1f} s into {output}").format(
        pages=result.pages_written, files=result.files_written, seconds=result.seconds,
        output=result.output_dir))
    return 0


def _site_lang(project: Path, settings_file: str) -> str:
    from passaparola.build import load_settings

    return load_settings(project, settings_file).get("DEFAULT_LANG", "it")


if __name__ == "__main__":
    sys.exit(main())
