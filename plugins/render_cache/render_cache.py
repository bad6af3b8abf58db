"""A dependency-aware render cache: a page whose inputs did not change is not rendered again.

Pelican renders and rewrites every page on every build. Here each page's inputs are stated
precisely and hashed by value into a key; the rendered text is kept under that key, so the next
build reuses it when the key is the same. The inputs of a page are:

- everything the build driver folds into ``RENDER_CACHE_DIGEST``: the settings files and
  overrides, the theme, the plugins' code, the ``passaparola`` package, the pinned requirements,
  the Python and Pelican versions and the date in the site's time zone;
- the template's name and the page's file name;
- the value of every name the template and the templates it extends, includes or imports read
  (found with ``jinja2.meta`` on their syntax trees), looked up like Jinja does: the page's
  context first, then the environment's globals; plus every filter and test they apply.

Values are hashed by value, recursively: content objects by their attributes and their
``content`` as the template would see it (links to other content resolved), other objects by
their attributes, functions by their code, defaults and closures. A page
whose inputs cannot be stated precisely (a computed template name, a value of an unknown kind,
such as a generator) is always rendered: the cache may only skip work, never change a byte.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import functools
import hashlib
import json
import logging
import re
import types
import zoneinfo
from pathlib import Path, PurePath
from typing import Any

from jinja2 import Environment, pass_context
from markupsafe import Markup
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.writers import Writer

from passaparola.build.render_cache_store import stored_page, write_atomically

from .templates import Imprecise, OwnInputs, TemplateInputs, TemplateReads, loader_key, template_inputs

logger = logging.getLogger(__name__)

# Attributes that hold the whole site's settings or context: the settings are part of
# RENDER_CACHE_DIGEST, and what a page shows of the context is hashed through the names it reads.
_SKIPPED_ATTRIBUTES = frozenset({"settings", "_context"})
# What a template sees of a content object beyond its attributes: its text with the links to
# other content resolved (from the context). URLs, save_as and summaries are functions of the
# attributes, the content and the settings, so they add nothing.
_CONTENT_PROPERTIES = ("content",)
_PRIMITIVES = (str, int, float, bool, complex, bytes, type(None))


# A class may declare, as a tuple of names in this attribute, what templates read of its objects
# (attributes, and methods that read only those attributes); the cache then hashes only those
# attributes. The writer watches every attribute or item access while rendering: a page that
# reads an undeclared name of such an object is not cached, and its template is always rendered.
VISIBLE_ATTRIBUTE = "__render_visible__"
# Beside a page key: the names of the context-reading functions the page called (a JSON list).
CALLS_SUFFIX = ".calls"


# The same declaration for classes of other packages. Listing pages read their paginator's size,
# not the whole list it pages (each page's own items are in its ``Page.object_list``).
DECLARED_VISIBLE: dict[type, tuple[str, ...]] = {
    Paginator: ("name", "url", "per_page", "orphans", "count", "num_pages", "page_range"),
}


def visible_names(kind: type) -> tuple[str, ...] | None:
    """What templates may read of objects of this class, when the class says so."""
    declared = getattr(kind, VISIBLE_ATTRIBUTE, None)
    return declared if declared is not None else DECLARED_VISIBLE.get(kind)


MAX_VISITS = 200_000  # objects hashed for one value not remembered (inside cycles) before giving up


def _hash(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


# Kinds whose equal values (same kind) always have the same digest, remembered by value: the same
# strings and numbers recur on every page (settings, names, URLs). Not floats: 0.0 == -0.0.
_BY_VALUE = frozenset({str, int, bool, bytes, type(None), Markup})


def _primitive_digest(kind: type, value: Any) -> bytes:
    if isinstance(value, bytes):
        return _hash(b"bytes", value)
    return _hash(kind.__qualname__.encode(), repr(value).encode()
                 if not isinstance(value, str) else value.encode("utf-8", "surrogatepass"))


class ValueDigests:
    """Digests of the values templates read, by value, remembered for the rest of the build.

    Values are remembered by identity: pages are written after every generator made its objects,
    so the objects a template reads no longer change. The remembered objects are kept alive so
    an identity is never reused by another object during the build.
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, bytes]] = {}
        self._values: dict[tuple[type, Any], bytes] = {}  # of the kinds in _BY_VALUE
        self._depth: dict[int, int] = {}  # objects being hashed -> their depth in the walk
        self._lows: list[int] = []  # per object being hashed: the shallowest one it refers back to
        self._visits = 0

    def of(self, value: Any) -> bytes:
        """The digest of ``value``; raises Imprecise when it cannot be stated by value.

        Reference cycles (an event and its occurrences pointing back at it) are hashed as the
        whole graph seen from the outermost object: a reference back to an object being hashed
        counts as its distance up the walk. An object whose graph refers back above it depends on
        where the walk started, so its digest is not remembered.
        """
        kind = type(value)
        if kind in _BY_VALUE:
            known_value = self._values.get((kind, value))
            if known_value is None:
                known_value = self._values[(kind, value)] = _primitive_digest(kind, value)
            return known_value
        if kind in _PRIMITIVES or isinstance(value, _PRIMITIVES):
            return _primitive_digest(kind, value)
        key = id(value)
        known = self._known.get(key)
        if known is not None:
            return known[1]
        here = len(self._lows)
        target = self._depth.get(key)
        if target is not None:
            self._lows[-1] = min(self._lows[-1], target)
            return _hash(b"back", str(here - target).encode())
        if not self._lows:
            self._visits = 0
        self._visits += 1
        if self._visits > MAX_VISITS:
            raise Imprecise(f"a value with more than {MAX_VISITS} objects in reference cycles")
        self._depth[key] = here
        self._lows.append(here)
        try:
            digest = self._compute(value)
        finally:
            low = self._lows.pop()
            del self._depth[key]
        if self._lows:
            self._lows[-1] = min(self._lows[-1], low)
        if low >= here:
            self._known[key] = (value, digest)
        return digest

    def _compute(self, value: Any) -> bytes:
        kind = type(value)
        name = f"{kind.__module__}.{kind.__qualname__}".encode()
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            zone = getattr(value, "tzinfo", None)
            return _hash(name, value.isoformat().encode(), self.of(zone))
        if isinstance(value, dt.tzinfo):
            if isinstance(value, zoneinfo.ZoneInfo):
                return _hash(name, str(value.key).encode())
            if isinstance(value, dt.timezone):
                return _hash(name, repr(value).encode())
            return self._object(value, name)
        if isinstance(value, (dt.timedelta, decimal.Decimal, PurePath, re.Pattern)):
            return _hash(name, repr(value).encode())
        if isinstance(value, enum.Enum):
            return _hash(name, value.name.encode())
        if isinstance(value, (list, tuple)):
            return _hash(name, *(self.of(item) for item in value))
        if isinstance(value, (set, frozenset)):
            return _hash(name, *sorted(self.of(item) for item in value))
        if isinstance(value, dict):
            # Insertion order is kept: a template iterating the dict shows it in that order.
            return _hash(name, *(self.of(k) + self.of(v) for k, v in value.items()))
        if isinstance(value, type):
            return _hash(b"class", f"{value.__module__}.{value.__qualname__}".encode())
        if isinstance(value, Content):
            return self._content(value, name)
        if isinstance(value, (types.FunctionType, types.MethodType, types.BuiltinFunctionType,
                              functools.partial, types.CodeType)):
            return self._callable(value, name)
        if isinstance(value, (types.ModuleType, types.GeneratorType, Environment)) or (
                hasattr(value, "__next__")):
            raise Imprecise(f"a value of kind {kind.__qualname__}")
        if dataclasses.is_dataclass(value) and visible_names(kind) is None:
            return _hash(name, *(f.name.encode() + self.of(getattr(value, f.name))
                                 for f in dataclasses.fields(value)))
        return self._object(value, name)

    def _attributes(self, value: Any) -> dict[str, Any]:
        try:
            attributes = dict(vars(value))
        except TypeError:
            slots = [s for cls in type(value).__mro__ for s in getattr(cls, "__slots__", ())]
            if not slots:
                raise Imprecise(f"a value of kind {type(value).__qualname__} without attributes"
                                ) from None
            attributes = {s: getattr(value, s) for s in slots if hasattr(value, s)}
        return {k: v for k, v in attributes.items() if k not in _SKIPPED_ATTRIBUTES}

    def _object(self, value: Any, name: bytes, properties: tuple[str, ...] = ()) -> bytes:
        parts = [name]
        visible = visible_names(type(value))
        attributes = self._attributes(value)
        if visible is not None:
            # The class says what templates may read of it; the writer checks they read no more.
            # Declared properties count by their value; declared methods are code.
            attributes = {k: v for k, v in attributes.items() if k in visible}
            for extra in visible:
                if extra not in attributes:
                    item = getattr(value, extra, None)
                    if not callable(item):
                        attributes[f"@{extra}"] = item
        for key, item in sorted(attributes.items()):
            parts += [key.encode(), self.of(item)]
        for prop in properties:
            try:
                item = getattr(value, prop)
            except Exception as error:  # noqa: BLE001 - the template would see the same failure
                raise Imprecise(f"{prop} of a {type(value).__qualname__}: {error}") from error
            parts += [b"@" + prop.encode(), self.of(item)]
        return _hash(*parts)

    def _content(self, value: Content, name: bytes) -> bytes:
        return self._object(value, name, _CONTENT_PROPERTIES)

    def _callable(self, value: Any, name: bytes) -> bytes:
        if isinstance(value, functools.partial):
            return _hash(name, self.of(value.func), self.of(value.args), self.of(value.keywords))
        if isinstance(value, types.MethodType):
            return _hash(name, self.of(value.__func__), self.of(value.__self__))
        if isinstance(value, types.BuiltinFunctionType):
            owner = getattr(value, "__self__", None)
            owner_digest = b"" if owner is None or isinstance(owner, types.ModuleType) else self.of(owner)
            return _hash(name, f"{value.__module__}.{value.__qualname__}".encode(), owner_digest)
        if isinstance(value, types.CodeType):
            return _hash(name, value.co_code, self.of(tuple(
                c for c in value.co_consts)), self.of(value.co_names))
        # A Python function: its code, its defaults and what its closure holds. Module-level
        # state is not followed: plugins keep none (their state lives on generators or context).
        cells = tuple(cell.cell_contents for cell in (value.__closure__ or ())
                      if _cell_has_contents(cell))
        return _hash(name, f"{value.__module__}.{value.__qualname__}".encode(),
                     self.of(value.__code__), self.of(value.__defaults__),
                     self.of(value.__kwdefaults__), self.of(cells))


def _cell_has_contents(cell: types.CellType) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises
    except ValueError:
        return False
    return True


@dataclasses.dataclass
class RenderCacheReport:
    """What the cache did during one build; the build driver reads it afterwards."""

    rendered: int = 0
    reused: int = 0
    always_rendered: int = 0
    reasons: dict[str, int] = dataclasses.field(default_factory=dict)
    used_keys: set[str] = dataclasses.field(default_factory=set)
    # The template analyses this build read (in RENDER_CACHE_TEMPLATES_PATH), by key.
    used_template_reads: set[str] = dataclasses.field(default_factory=set)


@dataclasses.dataclass(frozen=True)
class _KeyPlan:
    """A template's inputs in the order and form every page key states them."""

    sources: bytes
    names: tuple[tuple[str, bytes, bool], ...]  # name, its bytes, only its truth counts
    filters: tuple[tuple[str, bytes], ...]
    tests: tuple[tuple[str, bytes], ...]
    reader_names: tuple[str, ...]  # the names that may be context-reading functions

    @classmethod
    def of(cls, inputs: TemplateInputs) -> _KeyPlan:
        return cls(
            sources=" ".join(sorted(inputs.sources)).encode(),
            names=tuple((name, name.encode(), name in inputs.truth_only)
                        for name in sorted(inputs.names)),
            filters=tuple((name, f"filter:{name}".encode()) for name in sorted(inputs.filters)),
            tests=tuple((name, f"test:{name}".encode()) for name in sorted(inputs.tests)),
            reader_names=tuple(sorted(inputs.names | inputs.globals_used)))


class _CachedTemplate:
    """Stands in for a Jinja template in ``Writer.write_file``: render goes through the cache."""

    def __init__(self, template, writer: CachingWriter) -> None:
        self._template = template
        self._writer = writer

    def render(self, localcontext: dict[str, Any]) -> str:
        return self._writer.render_page(self._template, localcontext)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


class CachingWriter(Writer):
    """Pelican's writer, rendering each page only when its inputs changed since a cached render."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.cache_dir = Path(self.settings["RENDER_CACHE_PATH"])
        self.digest = str(self.settings.get("RENDER_CACHE_DIGEST", "")).encode()
        self.excluded = set(self.settings.get("RENDER_CACHE_EXCLUDE_TEMPLATES", ()))
        self.report = RenderCacheReport()
        # The build driver passes a dict in which it finds the report once the build is over.
        holder = self.settings.get("RENDER_CACHE_REPORT")
        if isinstance(holder, dict):
            holder["report"] = self.report
        self.values = ValueDigests()
        kept_reads = self.settings.get("RENDER_CACHE_TEMPLATES_PATH")
        self.template_reads = TemplateReads(Path(kept_reads) if kept_reads else None)
        self.template_reads.used = self.report.used_template_reads
        # The preview asks for every page write, to write one page again later
        # (passaparola.preview.fast_render).
        writes = self.settings.get("RENDER_CACHE_WRITES")
        self.writes: list[tuple[Any, ...]] | None = writes if isinstance(writes, list) else None
        self._undeclared_reads: set[str] = set()
        self._inputs: dict[tuple[int, str], TemplateInputs | Imprecise] = {}
        self._inputs_by_source: dict[tuple[str, str, str], TemplateInputs | Imprecise] = {}
        # By loader and parse settings: each template's own reads.
        self._parsed: dict[tuple[str, str], dict[str, OwnInputs]] = {}
        # By identity of each analysis (kept alive beside): the names in key order, encoded.
        self._plans: dict[int, tuple[TemplateInputs, _KeyPlan]] = {}
        self.cache_dir.mkdir(parents=True, exist_ok=True)

    def _watch(self, env: Environment) -> None:
        """Make ``env`` report templates reading undeclared names of objects that declare theirs."""
        if getattr(env, "_render_cache_watched", False):
            return
        plain_getattr, plain_getitem = env.getattr, env.getitem

        def check(obj: Any, name: Any) -> None:
            visible = visible_names(type(obj))
            if visible is not None and name not in visible:
                self._undeclared_reads.add(f"{type(obj).__qualname__}.{name}")

        def watched_getattr(obj: Any, attribute: str) -> Any:
            check(obj, attribute)
            return plain_getattr(obj, attribute)

        def watched_getitem(obj: Any, argument: Any) -> Any:
            if isinstance(argument, str):
                check(obj, argument)
            return plain_getitem(obj, argument)

        env.getattr = watched_getattr
        env.getitem = watched_getitem
        env._render_cache_watched = True

    def write_file(self, name, template, context, *args, **kwargs):
        if self.writes is not None:
            self.writes.append((name, template, context, args, kwargs))
        return super().write_file(name, _CachedTemplate(template, self), context, *args, **kwargs)

    def _template_inputs(self, template) -> TemplateInputs:
        env = template.environment
        key = (id(env), template.name)
        if key not in self._inputs:
            # Each generator has its own environment; they share the theme, so the analysis is
            # shared between environments whose loaders find the same files and parse alike.
            source_key = (template.name, loader_key(env), self.template_reads.parse_settings(env))
            if source_key not in self._inputs_by_source:
                try:
                    if template.name in self.excluded:
                        raise Imprecise(f"{template.name} is in RENDER_CACHE_EXCLUDE_TEMPLATES")
                    parsed = self._parsed.setdefault(source_key[1:], {})
                    self._inputs_by_source[source_key] = template_inputs(
                        env, template.name, parsed=parsed, analyse=self.template_reads.own_inputs)
                except Imprecise as reason:
                    self._inputs_by_source[source_key] = reason
            self._inputs[key] = self._inputs_by_source[source_key]
        found = self._inputs[key]
        if isinstance(found, Imprecise):
            raise found
        return found

    def context_readers(self, template, localcontext: dict[str, Any]) -> dict[str, Any]:
        """The ``@pass_context`` functions the template may call that read the page's context.

        Each declares what it reads in ``context_reads`` (a tuple of context names); one that does
        not could read anything, so its pages are always rendered (raises Imprecise). Jinja's own
        i18n functions read only the context's ``gettext``, a global made from the catalogs.
        """
        inputs = self._template_inputs(template)
        env = template.environment
        readers = {}
        for name in self._plan(inputs).reader_names:
            value = localcontext[name] if name in localcontext else env.globals.get(name)
            if getattr(getattr(value, "jinja_pass_arg", None), "name", None) != "context":
                continue
            if getattr(value, "__module__", "") == "jinja2.ext":
                continue
            if getattr(value, "context_reads", None) is None:
                raise Imprecise(f"{name}() reads the template's context and declares no "
                                "context_reads")
            readers[name] = value
        return readers

    def called_key(self, key: str, called: list[str], readers: dict[str, Any],
                   localcontext: dict[str, Any]) -> str:
        """The key of a page that called ``called`` while rendering: ``key`` and what they read."""
        parts = [key.encode()]
        for name in called:
            parts.append(name.encode())
            for read in sorted(readers[name].context_reads):
                parts += [read.encode(), self.values.of(localcontext[read])
                          if read in localcontext else b"\0missing"]
        return _hash(*parts).hex()

    def page_key(self, template, localcontext: dict[str, Any]) -> str:
        """The key of everything the page's rendering reads; raises Imprecise if unknown."""
        inputs = self._template_inputs(template)
        env = template.environment
        plan = self._plan(inputs)
        parts = [self.digest, template.name.encode(), str(localcontext.get("output_file")).encode(),
                 plan.sources]
        missing = b"\0missing"
        globals_ = env.globals
        of = self.values.of
        for name, encoded, truth_only in plan.names:
            if name in localcontext:
                value = localcontext[name]
            elif name in globals_:
                value = globals_[name]
            else:
                parts += [encoded, missing]
                continue
            parts += [encoded, (b"truth:1" if value else b"truth:0") if truth_only else of(value)]
        for kind_names, table in ((plan.filters, env.filters), (plan.tests, env.tests)):
            for name, encoded in kind_names:
                parts += [encoded, of(table[name]) if name in table else missing]
        return _hash(*parts).hex()

    def _plan(self, inputs: TemplateInputs) -> _KeyPlan:
        """What every page key of a template repeats, worked out once per build."""
        known = self._plans.get(id(inputs))
        if known is None or known[0] is not inputs:
            known = self._plans[id(inputs)] = (inputs, _KeyPlan.of(inputs))
        return known[1]

    def render_page(self, template, localcontext: dict[str, Any]) -> str:
        """The page's text: from the cache when its key is known, else rendered and kept.

        A page that may call functions reading its context (``context_readers``) has two keys:
        its own, under which the names of the functions it called are kept, and one with what
        those functions read. The same first key means the same template and values, so the
        same calls: a value such a function reads counts only for the pages that called it.
        """
        try:
            key = self.page_key(template, localcontext)
            readers = self.context_readers(template, localcontext)
        except Imprecise as reason:
            self._always(localcontext, reason)
            return template.render(localcontext)
        calls = stored_page(self.cache_dir, key + CALLS_SUFFIX) if readers else None
        try:
            page_key = key
            if calls is not None:
                called = json.loads(calls.read_text(encoding="utf-8"))
                page_key = self.called_key(key, called, readers, localcontext)
            text = stored_page(self.cache_dir, page_key).read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError, ValueError, KeyError):
            return self._render_and_keep(template, localcontext, key, readers)
        self.report.used_keys.update({key + CALLS_SUFFIX, page_key} if calls else {key})
        self.report.reused += 1
        return text

    def _always(self, localcontext: dict[str, Any], reason: Imprecise) -> None:
        self.report.always_rendered += 1
        self.report.reasons[str(reason)] = self.report.reasons.get(str(reason), 0) + 1
        logger.debug("Rendering %s every time: %s", localcontext.get("output_file"), reason)

    def _render_and_keep(self, template, localcontext: dict[str, Any], key: str,
                         readers: dict[str, Any]) -> str:
        self._watch(template.environment)
        self._undeclared_reads = set()
        called: list[str] = []
        watched = {**localcontext, **{name: _recording(name, function, called)
                                      for name, function in readers.items()}}
        text = template.render(watched)
        if self._undeclared_reads:
            # The key left out something this page read: never keep it, and render every
            # page of this template from now on.
            reason = Imprecise(f"{template.name} reads {', '.join(sorted(self._undeclared_reads))}"
                               f" (not in {VISIBLE_ATTRIBUTE})")
            self._inputs[(id(template.environment), template.name)] = reason
            self._always(localcontext, reason)
            return text
        page_key = key
        if readers:
            called = sorted(set(called))
            write_atomically(stored_page(self.cache_dir, key + CALLS_SUFFIX), json.dumps(called))
            page_key = self.called_key(key, called, readers, localcontext)
            self.report.used_keys.add(key + CALLS_SUFFIX)
        self.report.used_keys.add(page_key)
        write_atomically(stored_page(self.cache_dir, page_key), text)
        self.report.rendered += 1
        return text


def _recording(name: str, function: Any, called: list[str]) -> Any:
    """``function`` as the template sees it, noting in ``called`` that the page called it."""
    @pass_context
    def recorded(context, *args, **kwargs):
        called.append(name)
        return function(context, *args, **kwargs)
    return recorded


def provide_writer(pelican) -> type[Writer] | None:
    """The caching writer when the build driver configured a cache folder, else Pelican's own."""
    settings = pelican.settings
    if not settings.get("RENDER_CACHE_PATH") or settings.get("RELATIVE_URLS"):
        # With relative URLs each page sees its content with its own base URL: not modelled.
        return None
    return CachingWriter
