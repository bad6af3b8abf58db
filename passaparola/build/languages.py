"""A site in several languages: which files each language's run publishes, the extra runs, the links.

With ``LANGUAGES = ["it", "en"]`` the build runs Pelican once per language (like Pelican's
i18n_subsites): the default language at the root of the site, every other one into ``/<lang>/``
with its own ``SITEURL``, ``DEFAULT_LANG`` and section slugs (``/en/tips/``, ``/en/events/``…), so
its menus, dates, prices, feeds, calendar, search index and 404 page are in that language.

- Tips, pages and events are written in one language: the default run leaves translations out,
  another language's run publishes only the translations into it. Testimonials, services and team
  members are published in every language (a review is quoted as it was written) unless a file
  translates them.
- Untranslated tips, pages and events are listed at the end of the other language's lists with an
  "in italiano" mark and a link to their page (``LANGUAGES_SHOW_UNTRANSLATED = False`` hides them).
- Once every run has written its pages, :func:`link_languages` writes into each page its
  ``hreflang`` alternates (every language that has the page, plus ``x-default``) and the language
  switcher (the same page in the other language, or that section's home when there is none), and
  merges the sitemaps into one listing the alternates (``xhtml:link``). The templates leave a
  marker where each goes (only when the site has several languages).

With one language nothing here runs: the site is built byte for byte as without ``LANGUAGES``.
"""

from __future__ import annotations

import functools
import html
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from lxml import etree

from passaparola.i18n import babel_locale, site_languages
from passaparola.rules import CheckContext, content_files
from passaparola.rules.base import read_source
from passaparola.web import site_base_url

logger = logging.getLogger(__name__)

# Settings key of one run's part of the plan (read by plugins/translations).
RUN_SETTING = "LANGUAGES_RUN"
# Content folders whose files are published in one language only: an untranslated one is listed,
# not published again, in the other languages.
ONE_LANGUAGE_KINDS = ("tips", "pages", "events")
# Markers the templates write (partials/head_languages.html, partials/nav_languages.html).
ALTERNATES_MARKER = "<!--passaparola:alternates-->"
SWITCHER_MARKER = "<!--passaparola:language-switcher-->"
# What the build writes after each marker ends with this, so that the preview's fast render (which
# writes one page again, with a bare marker) can take it from the page it replaces.
END_MARKER = "<!--/passaparola-->"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# Files of an extra language's run that belong at the root of the site only.
ROOT_ONLY_FILES = ("robots.txt", "_headers", "_redirects")


@dataclass
class LanguagePlan:
    """What each language's run reads, decided from the content files' ``Lang`` and ``Translation-of``."""

    languages: list[str]
    # Content file (relative to content/) -> its language.
    lang_of: dict[str, str] = field(default_factory=dict)
    # Translation (relative) -> its original (relative).
    original_of: dict[str, str] = field(default_factory=dict)
    # Original (relative) -> {language: translation (relative)}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def default(self) -> str:
        return self.languages[0]

    def skipped(self, lang: str) -> set[str]:
        """The content files the run in ``lang`` does not read."""
        skip = set()
        for relative, file_lang in self.lang_of.items():
            if file_lang == lang:
                continue
            # Left out: a translation into another language, an original translated into this
            # one, and (untranslated) a tip, page or event, or a file in another language.
            translated_here = lang in self.translations.get(relative, {})
            one_language = relative.split("/", 1)[0] in ONE_LANGUAGE_KINDS or file_lang != self.default
            if relative in self.original_of or translated_here or one_language:
                skip.add(relative)
        return skip

    def group_of(self, relative: str) -> str:
        """The original a file belongs with (itself when it is one)."""
        return self.original_of.get(relative, relative)


def plan(settings: dict[str, Any], context: CheckContext) -> LanguagePlan | None:
    """The plan of a site in several languages, or None for a site in one language."""
    languages = site_languages(settings)
    if len(set(languages)) < 2:
        return None
    result = LanguagePlan(languages=list(dict.fromkeys(languages)))
    by_name: dict[str, list[str]] = {}
    declared: dict[str, str] = {}
    for path in content_files(context):
        relative = path.relative_to(context.content_dir).as_posix()
        document, _problems = read_source(path, context.display_path(path), context)
        meta = document.meta if document is not None else {}
        lang = (meta["lang"].value.strip().lower() if "lang" in meta else "") or result.default
        result.lang_of[relative] = lang
        by_name.setdefault(path.name, []).append(relative)
        if "translation-of" in meta:
            declared[relative] = meta["translation-of"].value.strip().removeprefix("content/")
    for relative, name in declared.items():
        folder = relative.split("/", 1)[0]
        candidates = [name] if name in result.lang_of else [
            other for other in by_name.get(name, []) if other.split("/", 1)[0] == folder]
        if len(candidates) == 1:  # the rules have refused every other case before the build
            result.original_of[relative] = candidates[0]
            result.translations.setdefault(candidates[0], {})[result.lang_of[relative]] = relative
    return result


def run_settings(plan: LanguagePlan, lang: str) -> dict[str, Any]:
    """The part of the plan one run needs (its settings' :data:`RUN_SETTING`)."""
    originals = {translation: original for translation, original in plan.original_of.items()
                 if plan.lang_of[translation] == lang}
    return {"lang": lang, "languages": plan.languages, "default": plan.default,
            "skip": plan.skipped(lang), "untranslated": [], "originals": originals}


def prepare_default_run(plan: LanguagePlan, settings: dict[str, Any]) -> None:
    """Before the default language's run: leave out the files it does not publish."""
    settings[RUN_SETTING] = run_settings(plan, plan.default)


@dataclass
class LanguageRun:
    """One extra language's finished run."""

    lang: str
    settings: dict[str, Any]
    generated: dict[str, Any]


def build_other_languages(plan: LanguagePlan, project_dir: Path, settings_file: str,
                          overrides: dict[str, Any] | None, settings: dict[str, Any],
                          generated: dict[str, Any]) -> list[LanguageRun]:
    """Run Pelican once per extra language, into ``<staging>/<lang>/``.

    ``settings`` and ``generated`` are the default run's; its pages give the untranslated
    items' addresses. Problems are logged (the caller collects them as build problems).
    """
    from pelican import Pelican, signals

    from passaparola.build.driver import load_settings

    staging = Path(settings["OUTPUT_PATH"])
    root_url = str(settings.get("SITEURL") or "")
    runs = []
    for lang in plan.languages[1:]:
        run = load_settings(project_dir, settings_file, {
            **(overrides or {}), **language_settings(settings, lang), "DEFAULT_LANG": lang,
            "SITEURL": f"{root_url}/{lang}", "PREVIEW_SITEURL": f"{site_base_url(settings)}/{lang}",
            "REDIRECTS": {},  # the owner's redirects are the root's (written by the default run)
            "SECTION_SLUGS": settings.get("LANGUAGES_SECTION_SLUGS", {}).get(lang, {})})
        run["OUTPUT_PATH"] = str(staging / lang)
        run["DELETE_OUTPUT_DIRECTORY"] = False
        if "JINJA_ENVIRONMENT" in settings:  # the compiled templates are the same
            run["JINJA_ENVIRONMENT"] = settings["JINJA_ENVIRONMENT"]
        render_report = _share_render_cache(settings, run, lang)
        part = run_settings(plan, lang)
        part["untranslated"] = _untranslated(plan, lang, settings, generated)
        run[RUN_SETTING] = part
        seen: dict[str, Any] = {}

        def remember(generators, seen: dict[str, Any] = seen) -> None:
            seen.update(generators[0].context["generated_content"])

        cwd = os.getcwd()
        os.chdir(project_dir)
        signals.all_generators_finalized.connect(remember)
        try:
            Pelican(run).run()
        except Exception as error:  # noqa: BLE001 - reported as a build problem, not a traceback
            logger.debug("Build crashed", exc_info=True)
            logger.error("%s: %s", type(error).__name__, error)
        finally:
            signals.all_generators_finalized.disconnect(remember)
            os.chdir(cwd)
        _merge_render_report(settings, render_report)
        runs.append(LanguageRun(lang, run, seen))
    return runs


def _share_render_cache(settings: dict[str, Any], run: dict[str, Any], lang: str) -> dict[str, Any]:
    """The default run's render cache folder for this run too, under keys of its own.

    A rebuild then renders no page of either language when nothing changed. Returns the holder
    the render cache plugin puts this run's report in.
    """
    holder: dict[str, Any] = {}
    if settings.get("RENDER_CACHE_PATH") and isinstance(settings.get("RENDER_CACHE_REPORT"), dict):
        run.update({"RENDER_CACHE_PATH": settings["RENDER_CACHE_PATH"],
                    "RENDER_CACHE_DIGEST": f"{settings.get('RENDER_CACHE_DIGEST', '')}-{lang}",
                    "RENDER_CACHE_TEMPLATES_PATH": settings.get("RENDER_CACHE_TEMPLATES_PATH"),
                    "RENDER_CACHE_REPORT": holder})
    return holder


def _merge_render_report(settings: dict[str, Any], holder: dict[str, Any]) -> None:
    """Add this run's rendered and reused pages to the build's report, and keep its cached pages."""
    mine, main = holder.get("report"), (settings.get("RENDER_CACHE_REPORT") or {}).get("report")
    if mine is None or main is None:
        return
    main.rendered += mine.rendered
    main.reused += mine.reused
    main.always_rendered += mine.always_rendered
    main.used_keys |= mine.used_keys
    for reason, count in mine.reasons.items():
        main.reasons[reason] = main.reasons.get(reason, 0) + count


def language_settings(settings: dict[str, Any], lang: str) -> dict[str, Any]:
    """The settings written again for ``lang`` (``LANGUAGES_SETTINGS = {"en": {...}}``).

    A dictionary (``SALON``) is merged with the default language's: only the keys written change,
    e.g. ``{"en": {"SITESUBTITLE": "Hairdresser in Bologna", "SALON": {"description": "…"}}}``.
    """
    own = (settings.get("LANGUAGES_SETTINGS") or {}).get(lang) or {}
    merged = {}
    for name, value in own.items():
        default = settings.get(name)
        merged[name] = {**default, **value} if isinstance(value, dict) and isinstance(default, dict) \
            else value
    return merged


def _untranslated(plan: LanguagePlan, lang: str, settings: dict[str, Any],
                  generated: dict[str, Any]) -> list[dict[str, str]]:
    """The default language's tips, pages and events with no translation into ``lang``."""
    if not settings.get("LANGUAGES_SHOW_UNTRANSLATED", True):
        return []
    root_url = str(settings.get("SITEURL") or "")
    items = []
    for relative, content in sorted(generated.items()):
        kind = relative.split("/", 1)[0]
        if (content is None or kind not in ONE_LANGUAGE_KINDS or relative in plan.original_of
                or lang in plan.translations.get(relative, {})
                or getattr(content, "status", "published") != "published"):
            continue
        date = getattr(content, "date", None)
        items.append({"kind": kind, "title": str(getattr(content, "title", relative)),
                      "url": f"{root_url}/{content.url}", "lang": plan.default,
                      "sort": date.isoformat() if date else ""})
    return sorted(items, key=lambda item: item["sort"], reverse=True)


def fates_view(generated: dict[str, Any], runs: list[LanguageRun]) -> dict[str, Any]:
    """Every content file's object for ``content_fates``: an extra run's pages under ``<lang>/``."""
    view = dict(generated)
    for run in runs:
        for relative, content in run.generated.items():
            if relative in view or content is None:
                continue
            view[relative] = SimpleNamespace(
                status=getattr(content, "status", "published"), metadata=content.metadata,
                date=getattr(content, "date", None), save_as=f"{run.lang}/{content.save_as}")
    return view


def save_records(runs: list[LanguageRun]) -> None:
    """Each extra language's published addresses, in its own record (see passaparola.addresses)."""
    from passaparola import addresses

    for run in runs:
        if run.settings.get("PREVIEW"):
            continue
        record_file = addresses.record_path(run.settings)
        addresses.save_record(record_file, addresses.updated_record(
            addresses.load_record(record_file), run.generated, run.settings))


# --- links between the languages, once every run has written its pages ---------------------------


def _section_maps(plan: LanguagePlan, settings: dict[str, Any], runs: list[LanguageRun]
                  ) -> dict[str, dict[str, str]]:
    """Each language -> {its section slug: the section's key} (``consigli`` -> ``tips``)."""
    maps = {plan.default: {slug: key for key, slug in settings["SECTION_SLUGS"].items()}}
    for run in runs:
        maps[run.lang] = {slug: key for key, slug in run.settings["SECTION_SLUGS"].items()}
    return maps


def _written_pages(plan: LanguagePlan, folders: dict[str, Path]) -> dict[str, set[str]]:
    """Each language's HTML pages, relative to its folder (the default's without the others').

    Folders that jobs in the background are still writing (Pagefind's copy of the pages it
    indexes) are not the site's pages.
    """
    from passaparola.build import background

    # The other languages' folders inside the default's (the default's own name too, as before).
    skipped = {os.path.join(folders[plan.default], code) for code in folders}
    skipped.update(os.fspath(busy) for busy in background.pending_folders(folders[plan.default]))
    pages: dict[str, set[str]] = {lang: set() for lang in folders}
    for lang, folder in folders.items():
        root = os.fspath(folder)
        for here, subfolders, names in os.walk(root):
            subfolders[:] = [name for name in subfolders
                             if os.path.join(here, name) not in skipped]
            prefix = os.path.relpath(here, root).replace(os.sep, "/") + "/"
            prefix = "" if prefix == "./" else prefix
            pages[lang].update(prefix + name for name in names if name.endswith(".html"))
    return pages


def _page_groups(plan: LanguagePlan, generated: dict[str, Any], runs: list[LanguageRun],
                 pages: dict[str, set[str]]
                 ) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], str]]:
    """Pages written from content files, grouped by the original they translate (or are):
    group -> {lang: page}, and (lang, page) -> group."""
    groups: dict[str, dict[str, str]] = {}
    by_page: dict[tuple[str, str], str] = {}
    objects = [(plan.default, generated)] + [(run.lang, run.generated) for run in runs]
    for lang, contents in objects:
        for relative, content in contents.items():
            save_as = getattr(content, "save_as", "") if content is not None else ""
            if not save_as or save_as not in pages[lang]:
                continue
            group = plan.group_of(relative)
            groups.setdefault(group, {})[lang] = save_as
            by_page[(lang, save_as)] = group
    return groups, by_page


def link_languages(plan: LanguagePlan, settings: dict[str, Any], generated: dict[str, Any],
                   runs: list[LanguageRun], published: Path | None = None) -> None:
    """Write every page's alternates and switcher, and one sitemap with the alternates.

    With ``published`` (the site being replaced), a page whose linked bytes equal the published
    page's is not written again: the published file is hard-linked in its place (see
    :func:`_write_page`).
    """
    staging = Path(settings["OUTPUT_PATH"])
    root = os.fspath(published) if published is not None else None
    root_url = str(settings.get("SITEURL") or "")
    folders = {plan.default: staging, **{run.lang: staging / run.lang for run in runs}}
    slugs = {plan.default: settings["SECTION_SLUGS"],
             **{run.lang: run.settings["SECTION_SLUGS"] for run in runs}}
    keys = _section_maps(plan, settings, runs)
    pages = _written_pages(plan, folders)
    groups, by_page = _page_groups(plan, generated, runs, pages)

    def counterpart(lang: str, page: str, other: str) -> str | None:
        group = by_page.get((lang, page))
        if group is not None:
            return groups[group].get(other)
        # A list or other page of the theme: the same path with the other language's sections.
        parts = page.split("/")
        key = keys[lang].get(parts[0])
        if key is not None and len(parts) > 1:
            parts[0] = slugs[other].get(key, parts[0])
        candidate = "/".join(parts)
        return candidate if candidate in pages[other] else None

    def section_home(lang: str, page: str, other: str) -> str:
        key = keys[lang].get(page.split("/", 1)[0])
        home = f"{slugs[other][key]}/index.html" if key in slugs[other] else ""
        return home if home in pages[other] else "index.html"

    def url(lang: str, page: str) -> str:
        prefix = "" if lang == plan.default else f"/{lang}"
        path = page.removesuffix("index.html")
        return f"{root_url}{prefix}/{path}"

    # Each page's address is written into its own page and its translations': made once.
    absolute = functools.lru_cache(maxsize=None)(functools.partial(_absolute, settings))
    names = {code: babel_locale(code).get_display_name(code).capitalize() for code in plan.languages}
    alternates_of: dict[tuple[str, str], dict[str, str]] = {}
    for lang, folder in folders.items():
        for page in sorted(pages[lang]):
            found = {lang: page}
            for other in folders:
                if other != lang and (match := counterpart(lang, page, other)) is not None:
                    found[other] = match
            alternates_of[(lang, page)] = found
            path = folder / page
            text = path.read_text(encoding="utf-8")
            if ALTERNATES_MARKER not in text and SWITCHER_MARKER not in text:
                continue
            links = [f'<link rel="alternate" hreflang="{code}" href="'
                     f'{html.escape(absolute(url(code, found[code])))}">'
                     for code in plan.languages if code in found]
            default_page = found.get(plan.default)
            x_default = url(plan.default if default_page else lang, default_page or page)
            links.append('<link rel="alternate" hreflang="x-default" href="'
                         f'{html.escape(absolute(x_default))}">')
            switch = []
            for other in plan.languages:
                if other == lang:
                    continue
                target = found.get(other) or section_home(lang, page, other)
                switch.append(f'<a class="language-switch" href="{html.escape(url(other, target))}" '
                              f'hreflang="{other}" lang="{other}">{html.escape(names[other])}</a>')
            text = text.replace(ALTERNATES_MARKER,
                                ALTERNATES_MARKER + "\n  " + "\n  ".join(links) + END_MARKER, 1)
            text = text.replace(SWITCHER_MARKER, SWITCHER_MARKER + " ".join(switch) + END_MARKER, 1)
            _write_page(path, text, os.path.join(root, os.path.relpath(path, staging))
                        if root is not None else None)

    _merge_sitemaps(plan, settings, runs, folders, alternates_of, url, absolute)
    _merge_redirects(staging, runs)
    for run in runs:
        for name in ROOT_ONLY_FILES:
            (folders[run.lang] / name).unlink(missing_ok=True)
        if run.settings.get("SALON_SITEMAP_SAVE_AS"):
            (folders[run.lang] / run.settings["SALON_SITEMAP_SAVE_AS"]).unlink(missing_ok=True)


def _write_page(path: Path, text: str, published: str | None) -> None:
    """Write a linked page, or hard-link the published page when its bytes are the same.

    Most pages of a rebuild are the same as the published ones; a hard link is cheaper than
    writing the page, comparing it with the published one and removing the old copy with the
    replaced site (tree, then page, are compared once, here). Nothing writes a published page in
    place (the build swaps whole folders, the preview's fast render renames new files over the
    published ones), so the shared file keeps its bytes; it keeps its modification time too,
    which is what :func:`passaparola.build.output.keep_unchanged_mtimes` would give it.
    """
    data = text.encode("utf-8")
    if published is not None:
        try:
            with open(published, "rb") as stream:
                same = stream.read(len(data) + 1) == data
            if same:
                os.unlink(path)
                os.link(published, path)
                return
        except OSError:  # no published page, or no hard links here: write it
            pass
    path.write_bytes(data)


def _merge_sitemaps(plan: LanguagePlan, settings: dict[str, Any], runs: list[LanguageRun],
                    folders: dict[str, Path], alternates_of: dict[tuple[str, str], dict[str, str]],
                    url, absolute) -> None:
    """One sitemap at the root: every language's pages, each with its alternates (``xhtml:link``)."""
    name = settings.get("SALON_SITEMAP_SAVE_AS")
    root_file = folders[plan.default] / name if name else None
    if root_file is None or not root_file.is_file():
        return
    entries: list[tuple[str, str, str | None]] = []  # (lang, page, lastmod)
    for lang, folder in folders.items():
        sitemap = folder / name
        if not sitemap.is_file():
            continue
        tree = etree.parse(str(sitemap))
        prefix = "" if lang == plan.default else f"/{lang}"
        base = f"{site_base_url(settings)}{prefix}/"  # each run's sitemap has absolute addresses
        for element in tree.getroot().iterfind(f"{{{SITEMAP_NS}}}url"):
            loc = element.findtext(f"{{{SITEMAP_NS}}}loc") or ""
            if not loc.startswith(base):
                continue  # not a page of this language's folder
            path = loc.removeprefix(base)
            page = path if path.endswith(".html") else path + "index.html"
            entries.append((lang, page, element.findtext(f"{{{SITEMAP_NS}}}lastmod")))
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for lang, page, lastmod in entries:
        element = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(element, f"{{{SITEMAP_NS}}}loc").text = absolute(url(lang, page))
        if lastmod:
            etree.SubElement(element, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
        found = alternates_of.get((lang, page), {lang: page})
        if len(found) < 2:
            continue
        for code in plan.languages:
            if code in found:
                etree.SubElement(element, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=code,
                                 href=absolute(url(code, found[code])))
        etree.SubElement(element, f"{{{XHTML_NS}}}link", rel="alternate", hreflang="x-default",
                         href=absolute(url(plan.default, found[plan.default]))
                         if plan.default in found else absolute(url(lang, page)))
    root_file.write_bytes(etree.tostring(urlset, xml_declaration=True, encoding="UTF-8",
                                         pretty_print=True))


def _merge_redirects(staging: Path, runs: list[LanguageRun]) -> None:
    """The one ``_redirects`` at the root: each language's moved pages under its folder, and its 404.

    Netlify answers a missing page under ``/en/`` with ``/en/404.html`` only when told so by a
    rule; Cloudflare Pages finds the nearest ``404.html`` by itself and skips the rule, and GitHub
    Pages reads no ``_redirects`` (its visitors get the default language's 404 page).
    """
    from passaparola.build.hosting import is_dynamic_rule

    root = staging / "_redirects"
    lines = root.read_text(encoding="utf-8").splitlines() if root.is_file() else []
    for run in runs:
        own = staging / run.lang / "_redirects"
        if own.is_file():
            for line in own.read_text(encoding="utf-8").splitlines():
                old, new, *status = line.split()
                new = f"/{run.lang}{new}" if new.startswith("/") else new
                lines.append(" ".join([f"/{run.lang}{old}", new, *status]))
        not_found = run.settings.get("404_SAVE_AS") or "404.html"
        if (staging / run.lang / not_found).is_file():
            lines.append(f"/{run.lang}/* /{run.lang}/{not_found} 404")
    if lines:
        root.write_text("\n".join(sorted(lines, key=is_dynamic_rule)) + "\n", encoding="utf-8")


def _absolute(settings: dict[str, Any], address: str) -> str:
    from passaparola.web import absolute_url

    if address.startswith(("http://", "https://")):
        return address
    site = str(settings.get("SITEURL") or "")
    return absolute_url(settings, address.removeprefix(site) or "/")


def json_ld_language(settings: dict[str, Any], content: Any = None) -> dict[str, str]:
    """``{"inLanguage": …}`` for schema.org data on a site in several languages, else nothing.

    The language a thing is written in: its ``Lang``, else the default language (a review is
    quoted as written, in every language's pages). One language: ``{}``, the data stays as it was.
    """
    run = settings.get(RUN_SETTING)
    if not run:
        return {}
    written = getattr(content, "metadata", {}).get("lang") if content is not None else None
    return {"inLanguage": str(written or (run["default"] if content is not None else run["lang"]))}


def carry_over_links(new_text: str, old_text: str) -> str:
    """A page written again by the preview's fast render, with the old page's alternates and switcher.

    Its body changed, not its address nor its translations: what :func:`link_languages` wrote
    after each marker of the old page is still right.
    """
    for marker in (ALTERNATES_MARKER, SWITCHER_MARKER):
        start = old_text.find(marker)
        end = old_text.find(END_MARKER, start)
        if start == -1 or end == -1 or new_text.count(marker) != 1:
            continue
        new_text = new_text.replace(marker, old_text[start:end + len(END_MARKER)], 1)
    return new_text
