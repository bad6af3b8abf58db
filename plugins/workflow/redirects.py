"""The ``_redirects`` file: the one writer of it, and the static hosts' limits it must respect.

Netlify, Cloudflare Pages and GitLab Pages read ``_redirects`` at the root of the site, one rule a
line (``/old/ /new/ 301``); GitHub Pages ignores it. Rules come from two places: the owner's
``REDIRECTS`` setting, and any plugin that appends ``(old, new)`` pairs to the context list named
by :data:`REDIRECTS_ADDED` while it reads content (e.g. an address that changed). Only this module
writes the file, so two writers can never overwrite each other's rules.

Hosts drop rules silently past their limits (GitLab Pages ignores the whole file past 1,000
rules), so the build checks the limits of every host and fails instead
(:func:`passaparola.build.hosting.redirect_limit_problems`); ``check`` checks the owner's rules the same
way (:mod:`passaparola.rules.redirects`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from passaparola.build.hosting import is_dynamic_rule, redirect_limit_problems
from passaparola.i18n import tool_gettext
from passaparola.rules.redirects import redirect_rule_problem
from passaparola.settings import REDIRECTS_ADDED, site_language

logger = logging.getLogger(__name__)

# Context key: a list of (old path, new path or address) pairs. Writers: any plugin, during
# generate_context or all_generators_finalized. Reader: RedirectsGenerator, below.
FILE_NAME = "_redirects"


def all_redirect_lines(settings: dict[str, Any], context: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The ``_redirects`` rules and, for the rules that cannot be written, why (translated).

    The owner's rules come first (they win: a host applies the first rule for a path), sorted,
    then the plugins' in the order they were added; a repeated old path keeps its first rule.
    Static rules come before dynamic ones (``*`` or ``:name``), as Cloudflare Pages requires.
    """
    gettext = tool_gettext(site_language(settings))
    owners = sorted((settings.get("REDIRECTS") or {}).items())
    added = list(context.get(REDIRECTS_ADDED) or [])
    lines, problems, seen = [], [], set()
    for origin, pairs in (("REDIRECTS", owners), (REDIRECTS_ADDED, added)):
        for old, new in pairs:
            problem = redirect_rule_problem(old, new, gettext)
            if problem:
                problems.append(f"{origin}: {problem}")
            elif old not in seen:
                seen.add(old)
                lines.append(f"{old} {new} 301")
    return sorted(lines, key=is_dynamic_rule), problems


class RedirectsGenerator:
    """Writes ``_redirects`` once every generator has read its content (so every plugin's rules
    are in the context), and fails the build when a host would drop rules."""

    def __init__(self, context: dict[str, Any], settings: dict[str, Any], path: str, theme: str,
                 output_path: str, **_ignored: Any) -> None:
        self.context = context
        self.settings = settings
        self.output_path = output_path

    def generate_output(self, writer) -> None:
        lines, problems = all_redirect_lines(self.settings, self.context)
        if not lines and not problems:
            return
        problems += redirect_limit_problems(lines, site_language(self.settings))
        for problem in problems:
            logger.error("%s: %s", FILE_NAME, problem)
        if problems:
            return
        target = Path(self.output_path) / FILE_NAME
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def get_generators(pelican) -> type[RedirectsGenerator]:
    """Pelican's ``get_generators`` signal: add the generator that writes ``_redirects``."""
    return RedirectsGenerator
