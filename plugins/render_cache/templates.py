"""What a template reads: the names, filters and tests of it and of every template it references.

The render cache (:mod:`.render_cache`) keys a page by the values of these names. They are
found on the templates' syntax trees with ``jinja2.meta``. Parsing the whole theme costs more
than keying every page of a rebuild, so each template's own analysis is kept on disk
(:class:`TemplateReads`) under a key of what decides it: the template's source, how its
environment parses, and this module's code with the Jinja version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2 import Environment, meta, nodes
from jinja2.exceptions import TemplateNotFound

from passaparola.build.render_cache_store import stored_page, write_atomically


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
    # The keys (TemplateReads.key) of every template reached: their sources, so a page's key
    # changes with any of its templates even where RENDER_CACHE_DIGEST does not see the file.
    sources: frozenset[str] = frozenset()


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
    # Each template it extends, includes or imports: a name; a (prefix, suffix) pair when the
    # name is computed with literal text around it ("partials/page_" ~ page.slug ~ ".html");
    # None when it is computed with nothing known.
    referenced: tuple[str | tuple[str, str] | None, ...]
    source_key: str = ""  # TemplateReads.key of the source analysed, "" when not kept

    def to_json(self) -> str:
        return json.dumps({field.name: sorted(value) if isinstance(value, frozenset) else value
                           for field in dataclasses.fields(self)
                           for value in [getattr(self, field.name)]}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> OwnInputs:
        """The analysis :meth:`to_json` wrote; raises ValueError when the text is not one."""
        try:
            data = json.loads(text)
            found = cls(*(frozenset(data[f]) for f in ("names", "full_uses", "truth_uses",
                                                       "filters", "tests")),
                        tuple(tuple(n) if isinstance(n, list) else n for n in data["referenced"]),
                        str(data["source_key"]))
            plain = all(isinstance(n, str) for n in found.names | found.full_uses
                        | found.truth_uses | found.filters | found.tests) and all(
                n is None or isinstance(n, str) or (len(n) == 2 and all(
                    isinstance(part, str) for part in n)) for n in found.referenced)
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a template analysis: {error}") from error
        if not plain:
            raise ValueError("not a template analysis: a name is not a string")
        return found


def _own_inputs(env: Environment, name: str, source: str | None = None,
                filename: str | None = None) -> OwnInputs:
    if source is None:
        source, filename, _uptodate = env.loader.get_source(env, name)
    tree = env.parse(source, name, filename)
    full_uses, truth_uses = _name_uses(tree)
    return OwnInputs(frozenset(meta.find_undeclared_variables(tree)), frozenset(full_uses),
                      frozenset(truth_uses), frozenset(n.name for n in tree.find_all(nodes.Filter)),
                      frozenset(n.name for n in tree.find_all(nodes.Test)),
                      tuple(_referenced_templates(tree)))


_REFERENCING = (nodes.Extends, nodes.FromImport, nodes.Import, nodes.Include)


def _referenced_templates(tree: nodes.Template) -> list[str | tuple[str, str] | None]:
    """What ``jinja2.meta.find_referenced_templates`` finds, and for a name computed by joining
    literal text and values with ``~``, the literal text it starts and ends with."""
    found: list[str | tuple[str, str] | None] = []
    for node in tree.find_all(_REFERENCING):
        if isinstance(node.template, nodes.Concat):
            found.append(_name_pattern(node.template.nodes))
        else:
            found.extend(meta.find_referenced_templates(nodes.Template([node])))
    return found


def _name_pattern(parts: list[nodes.Expr]) -> str | tuple[str, str] | None:
    def literal(part: nodes.Expr) -> bool:
        return isinstance(part, nodes.Const) and isinstance(part.value, str)

    if all(literal(part) for part in parts):
        return "".join(part.value for part in parts)
    prefix = suffix = ""
    for part in parts:
        if not literal(part):
            break
        prefix += part.value
    for part in reversed(parts):
        if not literal(part):
            break
        suffix = part.value + suffix
    return (prefix, suffix) if prefix or suffix else None


def _file_digest(path: str | None) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else ""
    except OSError:
        return ""


# What analyses a template: this module and Jinja's parser (jinja2.meta, nodes), by version.
ANALYSER = f"{_file_digest(__file__)}|jinja2 {jinja2.__version__}"


def parse_settings(env: Environment) -> str:
    """What decides how ``env`` parses a template: its delimiters, options and extensions.

    An extension's parser is its code: the digest of its module's file counts with its name.
    Policies count when their values are plain (``ext.i18n.trimmed``).
    """
    parts = [repr((env.block_start_string, env.block_end_string, env.variable_start_string,
                   env.variable_end_string, env.comment_start_string, env.comment_end_string,
                   env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                   env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline))]
    for name, extension in sorted(env.extensions.items()):
        module = sys.modules.get(type(extension).__module__)
        parts.append(f"{name}:{_file_digest(getattr(module, '__file__', None))}")
    parts.append(repr(sorted((key, value) for key, value in env.policies.items()
                             if isinstance(value, (str, int, float, bool, type(None))))))
    return "|".join(parts)


class TemplateReads:
    """Each template's own analysis, kept in ``folder`` across builds (None: this build only).

    The key of an analysis is a digest of everything it is a function of: the template's source,
    the environment's parse settings (:func:`parse_settings`) and the analysing code
    (:data:`ANALYSER`). Which environment, loader or build asks does not matter, so the same
    file serves every generator and language; a changed template is a new key, analysed afresh.
    ``used`` collects the keys this build read, so the others can be dropped afterwards.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self._settings: dict[int, tuple[Environment, str]] = {}  # env kept alive: ids stay unique

    def parse_settings(self, env: Environment) -> str:
        """:func:`parse_settings` of ``env``, worked out once per environment."""
        known = self._settings.get(id(env))
        if known is None:
            known = self._settings[id(env)] = (env, parse_settings(env))
        return known[1]

    def key(self, env: Environment, source: str) -> str:
        """The key of ``source``'s analysis when ``env`` parses it."""
        digest = hashlib.blake2b(digest_size=20)
        for part in (ANALYSER, self.parse_settings(env), source):
            encoded = part.encode("utf-8", "surrogatepass")
            digest.update(len(encoded).to_bytes(8, "little") + encoded)
        return digest.hexdigest()

    def own_inputs(self, env: Environment, name: str) -> OwnInputs:
        """The analysis of the template ``name`` as ``env``'s loader finds it."""
        source, filename, _uptodate = env.loader.get_source(env, name)
        key = self.key(env, source)
        self.used.add(key)
        stored = stored_page(self.folder, key) if self.folder is not None else None
        if stored is not None:
            try:
                return OwnInputs.from_json(stored.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError):
                pass  # not kept yet, or left unreadable: analysed again below
        own = dataclasses.replace(_own_inputs(env, name, source, filename), source_key=key)
        if stored is not None:
            write_atomically(stored, own.to_json())
        return own


def template_inputs(env: Environment, name: str, seen: set[str] | None = None,
                    parsed: dict[str, OwnInputs] | None = None,
                    analyse: Callable[[Environment, str], OwnInputs] = _own_inputs
                    ) -> TemplateInputs:
    """The names, filters and tests a template and the templates it references use.

    ``parsed`` keeps each template's own analysis, so that the partials shared by many page
    templates are analysed once per build; ``analyse`` makes one (``TemplateReads.own_inputs``
    keeps them across builds). Raises Imprecise when a referenced template's name is computed
    while rendering.
    """
    seen = set() if seen is None else seen
    parsed = {} if parsed is None else parsed
    seen.add(name)
    if name not in parsed:
        parsed[name] = analyse(env, name)
    own = parsed[name]
    names, filters, tests = set(own.names), set(own.filters), set(own.tests)
    # find_undeclared_variables leaves out the environment's globals.
    globals_used = {used for used in own.full_uses | own.truth_uses if used in env.globals}
    sources = {own.source_key}
    full_uses, truth_uses = set(own.full_uses), set(own.truth_uses)
    referenced_names = [n for n in own.referenced if isinstance(n, str)]
    patterns = [n if n is not None else ("", "") for n in own.referenced if not isinstance(n, str)]
    if patterns:
        # A template name computed while rendering could be any template of the theme that
        # starts and ends with its literal text: the page then reads what all of them read.
        try:
            listed = [n for n in env.list_templates() if not n.startswith(".")]
        except TypeError as error:
            raise Imprecise(f"{name} includes a template whose name is computed") from error
        referenced_names += [n for n in listed for prefix, suffix in patterns
                             if n.startswith(prefix) and n.endswith(suffix)]
    for referenced in referenced_names:
        if referenced in seen:
            continue
        try:
            inner = template_inputs(env, referenced, seen, parsed, analyse)
        except TemplateNotFound:
            continue  # an optional partial ("ignore missing") that no capability provides
        names |= inner.names
        globals_used |= inner.globals_used
        sources |= inner.sources
        filters |= inner.filters
        tests |= inner.tests
        full_uses |= inner.names - inner.truth_only
        truth_uses |= inner.truth_only
    return TemplateInputs(frozenset(names), frozenset(filters), frozenset(tests),
                          frozenset(truth_uses - full_uses), frozenset(globals_used),
                          frozenset(sources))


def loader_key(env: Environment) -> str:
    """What decides which files an environment's loader finds: its kind and search paths."""
    loader = env.loader
    parts = [type(loader).__qualname__]
    for inner in [loader, *getattr(loader, "loaders", [])]:
        parts.append(repr(getattr(inner, "searchpath", getattr(inner, "path", None))))
        parts.append(repr(sorted(getattr(inner, "mapping", {}) or {})))
    return "|".join(parts)
