"""``python -m passaparola build|check``: the build and check commands without invoke."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from passaparola.owner.commands import build_for_owner, check_for_owner


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
        return check_for_owner(project)
    return build_for_owner(project, args.settings, output_dir=args.output, force=args.force)


if __name__ == "__main__":
    sys.exit(main())
