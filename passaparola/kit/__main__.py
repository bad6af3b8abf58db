"""``python -m passaparola.kit [--project DIR] [--settings FILE]``: write the social kit."""

from __future__ import annotations

import argparse
import sys

from passaparola.kit.make import make_kit_for_owner


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="passaparola.kit")
    parser.add_argument("--project", default=".")
    parser.add_argument("--settings", default="publishconf.py")
    args = parser.parse_args(argv)
    return make_kit_for_owner(args.project, args.settings)


if __name__ == "__main__":
    sys.exit(main())
