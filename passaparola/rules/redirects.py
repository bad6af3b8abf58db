"""The owner's ``REDIRECTS`` setting: every rule well formed, all of them within the hosts' limits.

``check`` (through :func:`passaparola.rules.check_content`) and the build give the same answer, as
``pelicanconf.py:line: REDIRECTS: message``. The plugin that writes ``_redirects``
(``plugins/workflow/redirects.py``) applies the same :func:`redirect_rule_problem` to the rules
other plugins add, and the limits again to the whole file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from passaparola.build.hosting import redirect_limit_problems
from passaparola.rules.base import CheckContext, Problem

SETTINGS_FILE = "pelicanconf.py"


def redirect_rule_problem(old: Any, new: Any, gettext) -> str | None:
    """Why ``old → new`` cannot be a ``_redirects`` rule (translated), or None when it can."""
    if not isinstance(old, str) or not old.startswith("/") or any(c.isspace() for c in old):
        return gettext("{old!r} must be a path starting with / and without spaces").format(old=old)
    if not isinstance(new, str) or not new.startswith(("/", "https://", "http://")) \
            or any(c.isspace() for c in new):
        return gettext("{new!r} must be a path starting with / or a web address, without "
                       "spaces").format(new=new)
    return None


def _setting_line(context: CheckContext) -> int:
    path = Path(context.display_root or ".") / SETTINGS_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, start=1) if line.startswith("REDIRECTS")), 1)


def check_redirect_settings(context: CheckContext) -> list[Problem]:
    """The problems of ``REDIRECTS`` (for ``check_content``): bad rules, then the hosts' limits."""
    redirects = context.settings.get("REDIRECTS") or {}
    if not redirects:
        return []
    line = _setting_line(context)
    if not isinstance(redirects, dict):
        return [Problem(SETTINGS_FILE, line, "REDIRECTS", context.gettext(
            'must be a dictionary {"/old/": "/new/"}'))]
    problems = [Problem(SETTINGS_FILE, line, "REDIRECTS", message)
                for old, new in redirects.items()
                if (message := redirect_rule_problem(old, new, context.gettext))]
    if not problems:
        rules = [f"{old} {new} 301" for old, new in redirects.items()]
        problems = [Problem(SETTINGS_FILE, line, "REDIRECTS", message)
                    for message in redirect_limit_problems(rules, context.lang)]
    return problems
