"""Remembered verdicts: each content file is checked again only when something it was judged on changed.

Checking every content file costs seconds on a large site, and a rebuild after one edit would
pay it for the one file that changed. ``check_content`` therefore keeps each file's verdict (its
list of problems, and the file as read) in ``.cache/rules/verdicts.pickle``, and uses it again
only when everything the verdict was made from is still the same:

- the file's own bytes (SHA-256), its path in content/ and the path shown to the owner;
- the rules' code: every file of the ``passaparola`` package (the rules, the messages and their
  translations, the defaults), the versions of the libraries they call (Pelican's slugify, Babel,
  dateutil, icalendar, tzdata), Python's, the language and time zone of the messages and the
  project's folders: any change there forgets every verdict (the ``key`` of the cache file);
- the settings the file's rules read, each with its value: the rules see the settings through
  :class:`RecordedSettings`, which notes every name read, so a rule that starts reading a new
  setting is keyed by it without anyone keeping a list (a rule reading the settings as a whole
  makes a verdict that is never kept);
- the other files the rules looked at (a photo named by ``Image``, a ``{filename}`` link, a photo
  of the body): each path with its real path and whether it was a file, looked at again;
- the address segments a hand-written link was looked up with among the slugs of the whole
  content, looked up again (the slugs come from the files read in this check).

Rules that compare files with each other (two files with one address, translations and their
originals, photos that cannot be published, unread files, names of services and staff) are not
remembered: ``check_content`` runs them every time, on the files as read in this check. So a
remembered verdict never hides a problem, and ``check`` and the build, which both call
``check_content``, keep giving the same answer. The cache file is replaced whole (written aside,
then renamed): a build killed while writing it, or two builds at once, leave a cache that is
whole, at worst older, and every entry is verified before use.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import passaparola
from passaparola.rules.base import CheckContext, Document, Facts, MetaValue, Problem

CACHE_FILE = "verdicts.pickle"
# Verdicts kept for one version of a file: one for each set of settings it was last checked with
# (`check`, the preview and the published build read SITEURL with different values).
VARIANTS_KEPT = 4
# The code whose every byte is part of the cache's key (tests point it elsewhere).
CODE_FOLDERS: tuple[Path, ...] = (Path(passaparola.__file__).resolve().parent,)
# Libraries the rules call, whose versions can change a verdict.
LIBRARIES = ("pelican", "babel", "python-dateutil", "icalendar", "tzdata")

FileCheck = Callable[[Path, CheckContext, list[tuple[Document, str]]], list[Problem]]


class RecordedSettings(Mapping):
    """The settings as one file's rules see them: every name read goes into the file's facts."""

    def __init__(self, settings: Mapping[str, Any], context: CheckContext):
        self._settings = settings
        self._context = context

    def __getitem__(self, name: str) -> Any:
        facts = self._context.facts
        try:
            value = self._settings[name]
        except KeyError:
            if facts is not None:
                facts.settings[name] = None
            raise
        if facts is not None:
            facts.settings[name] = repr(value)
        return value

    def __iter__(self) -> Iterator[str]:
        self._read_whole()
        return iter(self._settings)

    def __len__(self) -> int:
        self._read_whole()
        return len(self._settings)

    def _read_whole(self) -> None:
        if self._context.facts is not None:
            self._context.facts.everything = True


@dataclass
class Verdict:
    """One file's problems, the file as read (None when it could not be), and what they rest on."""

    problems: tuple[Problem, ...]
    document: tuple[list[tuple[str, str, str, int]], str, int] | None
    facts: Facts


def cache_key(context: CheckContext) -> str:
    """What every verdict of the cache rests on: the rules' code and what the messages depend on."""
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted(folder.rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(metadata.version(name))
        except metadata.PackageNotFoundError:
            versions.append("-")
    digest.update(json.dumps([sys.version, versions, context.lang, context.timezone,
                              str(context.content_dir), str(context.display_root)]).encode())
    return digest.hexdigest()


def file_verdicts(files: list[Path], context: CheckContext, check_file: FileCheck
                  ) -> list[tuple[Path, list[Problem], Document | None]]:
    """(path, problems, document) of each of ``files``, in order: remembered ones where they still
    hold (with ``context.cache_dir``), the others checked by ``check_file``.

    Every document read is also put in ``context.documents``, for the rules across files.
    """
    store = _Store.load(context.cache_dir, cache_key(context)) if context.cache_dir else None
    checking = copy.copy(context)  # shares context.documents
    checking.settings = RecordedSettings(context.settings, checking)
    results: dict[Path, tuple[list[Problem], Document | None]] = {}
    names: dict[Path, tuple[str, str, str] | None] = {}
    to_check: list[Path] = []
    to_confirm: dict[Path, Verdict] = {}  # remembered, but made from slugs of the whole content
    for path in files:
        names[path] = name = _name(path, context) if store is not None else None
        verdict = store.find(name, lambda facts: _still_hold(facts, context)) if name else None
        if verdict is None:
            to_check.append(path)
            continue
        document = _document(verdict, path, name[1])
        results[path] = (list(verdict.problems), document)
        context.documents[path] = document
        if verdict.facts.slugs:
            to_confirm[path] = verdict
    for path, verdict in to_confirm.items():
        if not all(context.is_known_slug(slug) == known
                   for slug, known in verdict.facts.slugs.items()):
            to_check.append(path)
    if hasattr(context, "_known_slugs"):  # read from the whole content once per check
        checking._known_slugs = context._known_slugs
    for path in to_check:
        checking.facts = facts = Facts()
        read: list[tuple[Document, str]] = []
        try:
            problems = check_file(path, checking, read)
        finally:
            checking.facts = None
        document = read[0][0] if read else None
        if read:
            context.documents[path] = document
        results[path] = (problems, document)
        if store is not None and names[path] is not None and not facts.everything:
            store.add(names[path], Verdict(tuple(problems), _stored(document), facts))
    if store is not None:
        store.save({name for name in names.values() if name is not None})
    return [(path, *results[path]) for path in files]


def _name(path: Path, context: CheckContext) -> tuple[str, str, str] | None:
    """(path in content/, path shown, SHA-256 of the bytes): which verdicts may be this file's."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None  # checked every time: the rules say why it cannot be read
    relative = path.relative_to(context.content_dir).as_posix()
    return relative, shown_path(path, context), hashlib.sha256(raw).hexdigest()


def shown_path(path: Path, context: CheckContext) -> str:
    """``context.display_path(path)`` for a file found under content/, without resolving the
    path (which reads every folder up to /) when no part of it below content/ is a symbolic link:
    content_dir is already resolved, so the path is then its own real path."""
    folder = str(context.content_dir)
    for part in path.relative_to(context.content_dir).parts:
        folder = os.path.join(folder, part)
        if os.path.islink(folder):
            return context.display_path(path)
    try:
        return str(path.relative_to(context.display_root))
    except ValueError:
        return str(path)


def _still_hold(facts: Facts, context: CheckContext) -> bool:
    """Whether the settings and files a verdict was made from are still what they were."""
    settings = context.settings
    for name, value in facts.settings.items():
        if (repr(settings[name]) if name in settings else None) != value:
            return False
    for path, seen in facts.files.items():
        resolved, is_file = context.probe_file(Path(path))
        if (None if resolved is None else str(resolved), is_file) != tuple(seen):
            return False
    return True


def _stored(document: Document | None) -> tuple[list[tuple[str, str, str, int]], str, int] | None:
    if document is None:
        return None
    meta = [(key, value.key, value.value, value.line) for key, value in document.meta.items()]
    return meta, document.body, document.body_line


def _document(verdict: Verdict, path: Path, display: str) -> Document | None:
    if verdict.document is None:
        return None
    meta, body, body_line = verdict.document
    return Document(path, display, {key: MetaValue(written, value, line)
                                    for key, written, value, line in meta}, body, body_line)


class _Store:
    """The cache file: its key, and the verdicts of each version of each file."""

    def __init__(self, folder: Path, key: str, entries: dict[tuple[str, str, str], list[Verdict]]):
        self.folder = folder
        self.key = key
        self.entries = entries
        self.changed = False

    @classmethod
    def load(cls, folder: Path, key: str) -> _Store:
        try:
            with (folder / CACHE_FILE).open("rb") as stream:
                stored = pickle.load(stream)
            entries = stored["entries"] if stored["key"] == key else {}
        except Exception:  # noqa: BLE001 - missing, damaged, of another version: start afresh
            entries = {}
        return cls(folder, key, entries)

    def find(self, name: tuple[str, str, str], holds: Callable[[Facts], bool]) -> Verdict | None:
        return next((v for v in self.entries.get(name, ()) if holds(v.facts)), None)

    def add(self, name: tuple[str, str, str], verdict: Verdict) -> None:
        self.entries[name] = [verdict, *self.entries.get(name, ())][:VARIANTS_KEPT]
        self.changed = True

    def save(self, present: set[tuple[str, str, str]]) -> None:
        """Write the verdicts of the files present in this check (if anything changed)."""
        if not self.changed and set(self.entries) <= present:
            return
        entries = {name: verdicts for name, verdicts in self.entries.items() if name in present}
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{CACHE_FILE}.{os.getpid()}"
        with temporary.open("wb") as stream:
            pickle.dump({"key": self.key, "entries": entries}, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.folder / CACHE_FILE)
