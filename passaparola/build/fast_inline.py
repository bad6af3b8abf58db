"""A faster pass of Python-Markdown's inline patterns, with the very same result.

Python-Markdown's inline pass (its ``inline`` tree processor, and the second one the ``smarty``
extension adds for quotes and dashes) tries every inline pattern on every piece of text, one
Python call per pattern and text: on a site's tips, about forty patterns on each paragraph, list
item and heading, most of which cannot match at all (no backtick, no asterisk, no quote). That
is most of the time spent converting Markdown in a cold build.

:class:`MarkdownSpeedExtension` makes those passes first ask each pattern's regular expression
whether it occurs in the text at all from where the pass is (one C-level search) and skip the
pattern when it does not, exactly as the pass itself would have concluded after its own search;
any pattern that may match, or that is not of the kind searched with its expression, goes
through Python-Markdown's own code as before. So the HTML is byte for byte the same.

The build adds the extension to the ``MARKDOWN`` setting (:func:`with_fast_inline`) rather than
``pelicanconf.py`` naming it, so the setting the owner reads stays the plain list of the
extensions that shape her pages.
"""

from __future__ import annotations

import functools
import re
from re import _constants, _parser  # the standard library's own reading of an expression
from typing import Any

from markdown import Markdown, inlinepatterns, util
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

EXTENSION = "passaparola.build.fast_inline"  # as Markdown imports it: makeExtension() below

# The tree processors that run the inline patterns: Python-Markdown's own and smarty's.
_INLINE_PASSES = ("inline", "smarty")


class _SearchFirstInlineProcessor(InlineProcessor):
    """Python-Markdown's inline pass, skipping the patterns whose expression is not in the text."""

    _searches: list[Any]
    _needs: list[frozenset[str] | None]

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        # Patterns of the new kind (InlineProcessor) are tried with expression.finditer(text,
        # start): no search hit means no match. Older patterns are tried another way: always run.
        self._searches = []
        self._needs = []
        for pattern in self.inlinePatterns:
            new_kind = isinstance(pattern, inlinepatterns.InlineProcessor)
            expression = pattern.getCompiledRegExp()
            self._searches.append(expression.search if new_kind else None)
            self._needs.append(needed_characters(expression) if new_kind else None)
        return super().run(tree, ancestors)

    # Replaces InlineProcessor.__handleInline (name-mangled), which the pass calls for every text
    # and again, recursively, for the text of what a pattern made.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        searches = self._searches
        needs = self._needs
        apply_pattern = self._InlineProcessor__applyPattern
        start = 0
        count = len(self.inlinePatterns)
        present = frozenset(data)  # the characters of the text, again after each change
        while patternIndex < count:
            needed = needs[patternIndex]
            search = searches[patternIndex]
            # A character every match contains, looked for first: far cheaper than a search that
            # starts with a look-behind or an alternative, tried at every position of the text.
            if (needed is not None and present.isdisjoint(needed)) or (
                    search is not None and search(data, start) is None):
                # What __applyPattern returns when its expression finds nothing: (data, False, 0).
                patternIndex += 1
                start = 0
                continue
            before = data
            data, matched, start = apply_pattern(self.inlinePatterns[patternIndex], data,
                                                 patternIndex, start)
            if data is not before:
                present = frozenset(data)
            if not matched:
                patternIndex += 1
        return data


def needed_characters(expression: re.Pattern[str]) -> frozenset[str] | None:
    """Characters one of which every match of ``expression`` consumes, or None if unknown.

    Read from the expression's parsed form (the standard library's own parser): a literal, a
    class of literals, or one such set from every alternative, found in the part every match goes
    through (not in an optional part, nor in a look-around, which consumes nothing).
    """
    return _needed_by(expression.pattern, expression.flags)


@functools.lru_cache(maxsize=256)  # every Markdown conversion has the same few dozen patterns
def _needed_by(pattern: str, flags: int) -> frozenset[str] | None:
    try:
        parsed = _parser.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - a form this does not know: the search alone decides
        return None
    if (flags | parsed.state.flags) & re.IGNORECASE:
        return None
    found = _needed(list(parsed))
    return found or None


def _needed(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    for op, value in items:
        found: frozenset[str] | None = None
        if op is _constants.LITERAL:
            found = frozenset(chr(value))
        elif op is _constants.IN and all(kind is _constants.LITERAL for kind, _ in value):
            found = frozenset(chr(code) for _, code in value)
        elif op is _constants.SUBPATTERN:
            _group, added_flags, _removed_flags, inner = value
            if not added_flags & re.IGNORECASE:
                found = _needed(list(inner))
        elif op in _REPEATS and value[0] >= 1:
            found = _needed(list(value[2]))
        elif op is _constants.ATOMIC_GROUP:
            found = _needed(list(value))
        elif op is _constants.BRANCH:
            alternatives = [_needed(list(branch)) for branch in value[1]]
            if alternatives and all(alternatives):
                found = frozenset().union(*alternatives)
        if found:
            return found
    return None


_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)


class MarkdownSpeedExtension(Extension):
    """Turns the inline passes already registered into their search-first version.

    Must come after every extension that adds inline patterns or passes (it is added last).
    """

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        for name in _INLINE_PASSES:
            if name in md.treeprocessors:
                processor = md.treeprocessors[name]
                # Only Python-Markdown's own class, whose internals this module knows; the
                # instance keeps its patterns, state and place among the tree processors.
                if type(processor) is InlineProcessor:
                    processor.__class__ = _SearchFirstInlineProcessor


def makeExtension(**kwargs: Any) -> MarkdownSpeedExtension:  # noqa: N802 - Markdown's entry point
    return MarkdownSpeedExtension(**kwargs)


def with_fast_inline(settings: dict[str, Any]) -> None:
    """Add the extension, last, to the ``MARKDOWN`` setting Pelican's Markdown reader uses."""
    markdown = settings.get("MARKDOWN")
    if not isinstance(markdown, dict):
        return
    extensions = list(markdown.get("extensions") or [])
    # Pelican's reader turns every extension_configs key into an extension on first use:
    # list them first, in that order, so this one still comes after them.
    for name in markdown.get("extension_configs") or {}:
        if name not in extensions:
            extensions.append(name)
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    settings["MARKDOWN"] = {**markdown, "extensions": extensions}
