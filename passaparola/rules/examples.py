"""The example text that ``new-tip``, ``new-event`` and ``new-review`` write, and the rule that
it must not be published.

The scaffold (``passaparola/owner/scaffold.py``) writes a line of example text where the owner's words
go; an owner who forgets to replace it would publish it on the home page, in the feeds and in the
search-engine data. The same strings serve both: the scaffold writes them, the rules find them.
"""

from __future__ import annotations

from collections.abc import Callable

from passaparola.i18n import tool_gettext
from passaparola.rules.base import CheckContext, Document, Problem

# Languages the tool speaks: an example is found whatever the language it was written in.
TOOL_LANGUAGES = ("it", "en")


def example_bodies(gettext: Callable[[str], str]) -> dict[str, str]:
    """The example body of each kind of content, in the language of ``gettext``."""
    return {
        "tips": gettext("Write your tip here. A blank line starts a new paragraph; '## Title' "
                        "starts a section."),
        "events": gettext("Describe the event here: what happens, who it is for, what to bring."),
        "testimonials": gettext("Write the customer's words here, as they wrote them."),
    }


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def untouched_example(document: Document, context: CheckContext) -> list[Problem]:
    """An error on each body line that is still the example text of a new file."""
    examples = {_normalised(text) for lang in TOOL_LANGUAGES
                for text in example_bodies(tool_gettext(lang)).values()}
    problems = []
    for offset, line in enumerate(document.body.split("\n")):
        if line.strip() and _normalised(line) in examples:
            problems.append(Problem(document.display, document.body_line + offset, "body",
                                    context.gettext(
                "is still the example text of the new file: replace it with your own words")))
    return problems
