"""Site search on a static host: a Pagefind index of the content pages, and a search page.

At the end of the build (``finalized``) the pages of tips, events, testimonials and pages that
were written are handed to Pagefind (the ``pagefind`` package runs its own binary, no network);
it writes its index and its UI files into ``/pagefind/`` of the output. Only those pages are
indexed (Pagefind makes their URLs from their paths: ``consigli/x/index.html`` -> ``/consigli/x/``),
and only their ``<main data-pagefind-body>``: headers, menus and footers stay out.
The search page is the direct template ``search.html`` at the ``search`` section slug.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from passaparola.settings import EVENTS, SERVICES, TEAM, TESTIMONIALS, section_slug, setting, site_language

logger = logging.getLogger(__name__)

# Context lists whose objects are content pages worth finding.
# (A service's page is the price list, so "services" indexes it once; "team" the people's pages.)
SEARCHABLE_LISTS = ("articles", "pages", EVENTS, TESTIMONIALS, SERVICES, TEAM)
# Kept in the settings of one Pelican run: the pages to index, from the generators to `finalized`.
SEARCH_STATE_KEY = "_SEARCH_PAGES"
# Where the pages to index are gathered, inside the output, for the length of the indexing.
SCRATCH_DIR = ".search-pages"


def configure_search_page(pelican) -> None:
    """Add the search page (``cerca/`` in Italian, ``search/`` in English) to the direct templates."""
    settings = pelican.settings
    slug = section_slug(settings, "search")
    settings.setdefault("SEARCH_URL", f"{slug}/")
    settings.setdefault("SEARCH_SAVE_AS", f"{slug}/index.html")
    direct = list(settings.get("DIRECT_TEMPLATES", []))
    if "search" not in direct:
        direct.append("search")
    settings["DIRECT_TEMPLATES"] = direct


def provide_search_paths(generator) -> None:
    """Templates get ``search_bundle_url`` (Pagefind's files) and ``search_base_url`` (result links)."""
    settings = generator.settings
    siteurl = settings.get("SITEURL", "")
    base_path = urlsplit(siteurl).path.rstrip("/")
    generator.env.globals.update({
        "search_bundle_url": f"{siteurl}/{setting(settings, 'SEARCH_BUNDLE_DIR')}/",
        "search_base_url": f"{base_path}/",
    })


def remember_searchable_pages(generators) -> None:
    """After every generator ran: the files in the output of the public content pages."""
    context, settings = generators[0].context, generators[0].settings
    pages = {getattr(obj, "save_as", "") for name in SEARCHABLE_LISTS for obj in context.get(name) or []}
    testimonials = context.get(TESTIMONIALS) or []
    if testimonials and not any(getattr(t, "save_as", "") for t in testimonials):
        # Testimonials shown only on the reviews page: then that page is what to find.
        reviews = section_slug(settings, "reviews")
        pages.add(f"{reviews}/index.html")
    settings[SEARCH_STATE_KEY] = sorted(p for p in pages if p)


def write_index(output: Path, pages: list[str], bundle_dir: str, lang: str) -> None:
    """Run Pagefind over the given pages of ``output``; its bundle goes to ``output/bundle_dir``.

    The pages are hard-linked into a scratch folder with the same layout, so Pagefind sees only
    them and computes the same URLs; the folder is removed afterwards. The command-line tool is
    used rather than the package's Python API, whose service answers each call after a 0.1 s
    poll (a second per ten pages).
    """
    # Inside the output being built: a build killed meanwhile leaves nothing anywhere else, and
    # the next build throws the whole unfinished output away.
    scratch = output / SCRATCH_DIR
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        for save_as in pages:
            source, target = output / save_as, scratch / save_as
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:  # a file system without hard links: a copy does as well
                shutil.copyfile(source, target)
        command = [sys.executable, "-m", "pagefind", "--site", str(scratch),
                   "--output-path", str(output / bundle_dir), "--force-language", lang, "--silent"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if result.returncode != 0:
        message = " ".join((result.stderr or result.stdout).split())
        raise RuntimeError(message or f"pagefind exited with status {result.returncode}")


def build_index(pelican) -> None:
    """Index the content pages just written; a Pagefind failure fails the build with a clear line."""
    settings = pelican.settings
    # The preview (`invoke serve`) skips the index: a writing owner wants the edit on screen fast,
    # and `make build` and `publish` always index.
    if not setting(settings, "SEARCH_INDEX") or settings.get("PREVIEW"):
        return
    output = Path(pelican.output_path)
    pages = [save_as for save_as in settings.get(SEARCH_STATE_KEY) or [] if (output / save_as).is_file()]
    if not pages:
        logger.info("No content page to index for search yet")
        return
    try:
        write_index(output, pages, setting(settings, "SEARCH_BUNDLE_DIR"),
                    site_language(settings))
    except (OSError, RuntimeError) as error:
        logger.error("The search index could not be built by Pagefind: %s", error)
