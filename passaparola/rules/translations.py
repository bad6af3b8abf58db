"""Rules for a site in several languages: the ``LANGUAGES`` setting and the translations.

A translation is a content file of its own, in the same folder as the original, with two fields:
``Lang: en`` (its language) and ``Translation-of: <file name of the original>``. A file name,
not a shared ``Slug``: the owner sees file names in her folder, a translation keeps an address in
its own language (``/en/tips/natural-colour/``), and a misspelt name is caught here, where a
mistyped Slug would silently make two unrelated pages.

Times and figures (an event's start, a review's rating, a price) come from the original: a
translation that writes one of them differently is an error, since visitors of the two languages
would be told two different things. Every problem is ``file:line: field: message`` in the owner's
language, for ``check`` and the build alike.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from passaparola.i18n import SUPPORTED_LANGUAGES, language_names, site_languages
from passaparola.rules.base import CheckContext, Document, FieldError, Problem, Schema, line_of
from passaparola.rules.settings import SETTINGS_FILE, setting_line, settings_lines
from passaparola.settings import PROJECT_DEFAULTS

# Fields a translation takes from its original, by content kind: times, figures and dates that
# must read the same in every language. Written again in a translation, they must be equal.
SHARED_FIELDS: dict[str, tuple[str, ...]] = {
    "events": ("Event-start", "Event-end", "Event-duration", "Event-timezone", "Event-rrule",
               "Event-exdate", "Event-status", "Event-price", "Event-previous-start"),
    "testimonials": ("Rating", "Date"),
    "services": ("Price", "Price-from", "Currency", "Duration"),
}


def check_languages_setting(context: CheckContext) -> list[Problem]:
    """Every problem of ``LANGUAGES``: its form, its languages, and its first being the default."""
    settings = context.settings
    if "LANGUAGES" not in settings:
        return []
    _ = context.gettext
    lines = settings_lines(context)
    line = setting_line(lines, "LANGUAGES")
    languages = settings["LANGUAGES"]
    default = settings.get("DEFAULT_LANG", PROJECT_DEFAULTS["DEFAULT_LANG"])

    def problem(message: str) -> Problem:
        return Problem(SETTINGS_FILE, line, "LANGUAGES", message)

    example = _('write the languages between quotes, the site\'s default first, like '
                'LANGUAGES = ["{default}", "{other}"]').format(
                    default=default, other=next(code for code in SUPPORTED_LANGUAGES if code != default)
                    if default in SUPPORTED_LANGUAGES else "en")
    if (not isinstance(languages, (list, tuple)) or not languages
            or not all(isinstance(code, str) for code in languages)):
        return [problem(_("is not a list of languages: {example}").format(example=example))]
    problems = []
    for code in languages:
        if code not in SUPPORTED_LANGUAGES:
            problems.append(problem(_("'{value}' is not a language of the site; supported "
                                      "languages: {languages}").format(
                value=code, languages=language_names(context.lang))))
    repeated = sorted({code for code in languages if languages.count(code) > 1})
    if repeated:
        problems.append(problem(_("names {codes} more than once: write each language once").format(
            codes=", ".join(repeated))))
    if languages[0] != default:
        problems.append(problem(_(
            "starts with '{first}', but the site's default language is DEFAULT_LANG = \"{default}\": "
            "the first language is the default one; put \"{default}\" first, or change "
            "DEFAULT_LANG").format(first=languages[0], default=default)))
    return problems


def _value(document: Document, field_name: str) -> str:
    meta = document.meta.get(field_name.lower())
    return meta.value if meta else ""


def check_translations(documents: list[tuple[Document, str]], schemas: dict[str, Schema],
                       context: CheckContext) -> list[Problem]:
    """Every problem of the translations among ``documents`` (each read, with its kind).

    A file's language must be one of the site's; a translation names an existing original of
    the same kind, in another language, that is not itself a translation; an original has at
    most one translation per language; shared fields (:data:`SHARED_FIELDS`) are equal.
    """
    _ = context.gettext
    languages = site_languages(context.settings)
    default = languages[0]
    problems: list[Problem] = []
    by_name: dict[str, list[tuple[Document, str]]] = defaultdict(list)
    for document, kind in documents:
        by_name[document.path.name].append((document, kind))
        relative = document.path.resolve().relative_to(context.content_dir).as_posix()
        by_name[relative].append((document, kind))

    translations: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for document, kind in documents:
        lang = _value(document, "Lang").lower() or default
        if "lang" in document.meta and lang in SUPPORTED_LANGUAGES and lang not in languages:
            problems.append(Problem(document.display, line_of(document, "Lang"), "Lang", _(
                "'{lang}' is not one of the site's languages ({languages}): add it to LANGUAGES "
                "in pelicanconf.py, e.g. LANGUAGES = [\"{default}\", \"{lang}\"]").format(
                    lang=lang, languages=", ".join(languages), default=default)))
        original_name = _value(document, "Translation-of")
        if not original_name:
            continue
        line = line_of(document, "Translation-of")

        def problem(message: str, document: Document = document, line: int = line) -> Problem:
            return Problem(document.display, line, "Translation-of", message)

        if "lang" not in document.meta:
            problems.append(problem(_("a translation says its language: add the line 'Lang: {lang}'")
                                    .format(lang=next((c for c in languages[1:]), "en"))))
            continue
        candidates = by_name.get(original_name.strip().removeprefix("content/"), [])
        same_kind = [(other, other_kind) for other, other_kind in candidates if other_kind == kind]
        if not same_kind:
            problems.append(problem(_missing_original(original_name, kind, documents, candidates,
                                                      context)))
            continue
        if len(same_kind) > 1:
            problems.append(problem(_(
                "'{name}' is the name of several files in content/{kind}/ ({files}): write the "
                "original's path, e.g. '{example}'").format(
                    name=original_name, kind=kind, files=", ".join(d.display for d, _k in same_kind),
                    example=same_kind[0][0].path.resolve().relative_to(context.content_dir).as_posix())))
            continue
        original = same_kind[0][0]
        if original is document:
            problems.append(problem(_("names this same file: write the file name of the original")))
            continue
        if _value(original, "Translation-of"):
            problems.append(problem(_(
                "'{name}' is itself a translation (of '{original}'): name the original").format(
                    name=original_name, original=_value(original, "Translation-of"))))
            continue
        original_lang = _value(original, "Lang").lower() or default
        if lang == original_lang:
            problems.append(Problem(document.display, line_of(document, "Lang"), "Lang", _(
                "is '{lang}', the same language as the original {original}: a translation is in "
                "another language").format(lang=lang, original=original.display)))
            continue
        translations[(original.display, lang)].append(document)
        problems.extend(_shared_fields_differ(document, original, kind, schemas[kind], context))

    for (original, lang), sharing in translations.items():
        if len(sharing) < 2:
            continue
        for document in sharing:
            others = ", ".join(d.display for d in sharing if d is not document)
            problems.append(Problem(document.display, line_of(document, "Translation-of"),
                                    "Translation-of", _(
                "{original} already has a translation in '{lang}': {others}; keep one of them")
                .format(original=original, lang=lang, others=others)))
    return problems


def _missing_original(name: str, kind: str, documents: list[tuple[Document, str]],
                      candidates: list[tuple[Document, str]], context: CheckContext) -> str:
    _ = context.gettext
    if candidates:
        other = candidates[0]
        return _("'{name}' is in content/{other_kind}/, not in content/{kind}/: a translation is "
                 "in the same folder as its original").format(name=name, other_kind=other[1],
                                                             kind=kind)
    names = sorted(document.path.name for document, other_kind in documents if other_kind == kind)
    close = difflib.get_close_matches(PurePosixPath(name).name, names, n=1)
    hint = _(" (did you mean '{name}'?)").format(name=close[0]) if close else ""
    return _("there is no file '{name}' in content/{kind}/ to translate{hint}").format(
        name=name, kind=kind, hint=hint)


def _shared_fields_differ(document: Document, original: Document, kind: str, schema: Schema,
                          context: CheckContext) -> list[Problem]:
    """A field of :data:`SHARED_FIELDS` the translation writes with another value than the original."""
    _ = context.gettext
    parsers: dict[str, Callable[..., Any] | None] = {
        spec.name.lower(): spec.parse for spec in schema.fields}
    problems = []
    for field_name in SHARED_FIELDS.get(kind, ()):
        key = field_name.lower()
        if key not in document.meta:
            continue  # left out: it comes from the original
        mine, theirs = document.meta[key].value, _value(original, field_name)
        if _parsed(parsers.get(key), mine, document, context) == _parsed(
                parsers.get(key), theirs, original, context):
            continue
        shown = theirs or _("(not written)")
        problems.append(Problem(document.display, document.meta[key].line, document.meta[key].key, _(
            "is '{mine}' but the original {original} says '{theirs}': it comes from the original; "
            "delete this line, or write the same value in both files").format(
                mine=mine, original=original.display, theirs=shown)))
    return problems


def _parsed(parse: Callable[..., Any] | None, value: str, document: Document,
            context: CheckContext) -> Any:
    """The value as the build reads it, so that ``18:30`` and ``18:30 `` or ``12,50``/``12.50`` agree."""
    if not value or parse is None:
        return value.strip()
    try:
        return parse(value, context, document)
    except (FieldError, ValueError, TypeError):
        return value.strip()
