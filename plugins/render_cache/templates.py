"""What a template reads: the names, filters and tests of it and of every template it references.

The render cache (:mod:`.render_cache`) keys a page by the values of these names. They are
found on the templates' syntax trees with ``jinja2.meta``, once per template and build.
"""

from __future__ import annotations

import dataclasses

from jinja2 import Environment, meta, nodes
from jinja2.exceptions import TemplateNotFound


class Imprecise(Exception):
    """An input of a page cannot be stated precisely: the page is always rendered."""


@dataclasses.dataclass
class TemplateInputs:
    """What a template (with everything it extends, includes or imports) reads."""

    names: frozenset[str]
    filters: frozenset[str]
    tests: frozenset[str]
    # Names only ever tested for truth (``{% if testimonials %}``): only their truth is an input.
    truth_only: frozenset[str] = frozenset()
    # The environment's globals used (functions like salon_json_ld): made by plugins from the
    # settings (both in RENDER_CACHE_DIGEST); what one reads of the page's context is declared.
    globals_used: frozenset[str] = frozenset()


def _truth_tested(expression: nodes.Node) -> set[int]:
    """The Name nodes of an ``if`` test whose value is used only for its truth."""
    if isinstance(expression, nodes.Name):
        return {id(expression)}
    if isinstance(expression, nodes.Not):
        return _truth_tested(expression.node)
    if isinstance(expression, (nodes.And, nodes.Or)):
        return _truth_tested(expression.left) | _truth_tested(expression.right)
    return set()


def _name_uses(tree: nodes.Template) -> tuple[set[str], set[str]]:
    """Names read for their value, and names read only for their truth, in one template."""
    truth_nodes: set[int] = set()
    for node in tree.find_all((nodes.If, nodes.CondExpr)):
        truth_nodes |= _truth_tested(node.test)
    full, truth = set(), set()
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load":
            (truth if id(name) in truth_nodes else full).add(name.name)
    return full, truth - full


@dataclasses.dataclass(frozen=True)
class OwnInputs:
    """What one template reads by itself, and the templates it references."""

    names: frozenset[str]
    full_uses: frozenset[str]
    truth_uses: frozenset[str]
    filters: frozenset[str]
    tests: frozenset[str]
    referenced: tuple[str | None, ...]
    globals_used: frozenset[str] = frozenset()


def _own_inputs(env: Environment, name: str) -> OwnInputs:
    source, filename, _uptodate = env.loader.get_source(env, name)
    tree = env.parse(source, name, filename)
    full_uses, truth_uses = _name_uses(tree)
    return OwnInputs(frozenset(meta.find_undeclared_variables(tree)), frozenset(full_uses),
                      frozenset(truth_uses), frozenset(n.name for n in tree.find_all(nodes.Filter)),
                      frozenset(n.name for n in tree.find_all(nodes.Test)),
                      tuple(meta.find_referenced_templates(tree)),
                      # find_undeclared_variables leaves out the environment's globals.
                      frozenset(name for name in full_uses | truth_uses if name in env.globals))


def template_inputs(env: Environment, name: str, seen: set[str] | None = None,
                    parsed: dict[str, OwnInputs] | None = None) -> TemplateInputs:
    """The names, filters and tests a template and the templates it references use.

    ``parsed`` keeps each template's own analysis, so that the partials shared by many page
    templates are parsed once per build. Raises Imprecise when a referenced template's name is
    computed while rendering.
    """
    seen = set() if seen is None else seen
    parsed = {} if parsed is None else parsed
    seen.add(name)
    if name not in parsed:
        parsed[name] = _own_inputs(env, name)
    own = parsed[name]
    names, filters, tests = set(own.names), set(own.filters), set(own.tests)
    globals_used = set(own.globals_used)
    full_uses, truth_uses = set(own.full_uses), set(own.truth_uses)
    referenced_names = list(own.referenced)
    if None in referenced_names:
        # A template name computed while rendering could be any template of the theme: the
        # page then reads what all of them read.
        try:
            referenced_names = [n for n in env.list_templates() if not n.startswith(".")]
        except TypeError as error:
            raise Imprecise(f"{name} includes a template whose name is computed") from error
    for referenced in referenced_names:
        if referenced in seen:
            continue
        try:
            inner = template_inputs(env, referenced, seen, parsed)
        except TemplateNotFound:
            continue  # an optional partial ("ignore missing") that no capability provides
        names |= inner.names
        globals_used |= inner.globals_used
        filters |= inner.filters
        tests |= inner.tests
        full_uses |= inner.names - inner.truth_only
        truth_uses |= inner.truth_only
    return TemplateInputs(frozenset(names), frozenset(filters), frozenset(tests),
                          frozenset(truth_uses - full_uses), frozenset(globals_used))


def loader_key(env: Environment) -> str:
    """What decides which files an environment's loader finds: its kind and search paths."""
    loader = env.loader
    parts = [type(loader).__qualname__]
    for inner in [loader, *getattr(loader, "loaders", [])]:
        parts.append(repr(getattr(inner, "searchpath", getattr(inner, "path", None))))
        parts.append(repr(sorted(getattr(inner, "mapping", {}) or {})))
    return "|".join(parts)
