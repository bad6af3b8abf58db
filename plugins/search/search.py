"""Site search on a static host: a Pagefind index of the content pages, and a search page.

At the end of the build (``finalized``) the pages of tips, events, testimonials and pages that
were written are handed to Pagefind (the ``pagefind`` package runs its own binary, no network);
it writes its index and its UI files into ``/pagefind/`` of the output. Only those pages are
indexed, and only their ``<main data-pagefind-body>``: headers, menus and footers stay out.
The search page is the direct template ``search.html`` at the ``search`` section slug.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

DEFAULT_BUNDLE_DIR = "pagefind"
# Context lists whose objects are content pages worth finding.
SEARCHABLE_LISTS = ("articles", "pages", "events", "testimonials")
# Kept in the settings of one Pelican run: the pages to index, from the generators to `finalized`.
SEARCH_STATE_KEY = "_SEARCH_PAGES"


def configure_search_page(pelican) -> None:
    """Add the search page (``cerca/`` in Italian, ``search/`` in English) to the direct templates."""
    settings = pelican.settings
    slug = (settings.get("SECTION_SLUGS") or {}).get("search", "search")
    settings.setdefault("SEARCH_URL", f"{slug}/")
    settings.setdefault("SEARCH_SAVE_AS", f"{slug}/index.html")
    settings.setdefault("SEARCH_BUNDLE_DIR", DEFAULT_BUNDLE_DIR)
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
        "search_bundle_url": f"{siteurl}/{settings.get('SEARCH_BUNDLE_DIR', DEFAULT_BUNDLE_DIR)}/",
        "search_base_url": f"{base_path}/",
    })


def remember_searchable_pages(generators) -> None:
    """After every generator ran: the public content pages, as (file in the output, URL path)."""
    context = generators[0].context
    pages = []
    for name in SEARCHABLE_LISTS:
        for obj in context.get(name) or []:
            save_as, url = getattr(obj, "save_as", ""), getattr(obj, "url", "")
            if save_as and url is not None:
                pages.append((save_as, "/" + url.lstrip("/")))
    generators[0].settings[SEARCH_STATE_KEY] = sorted(set(pages))


async def _write_index(output: Path, pages: list[tuple[str, str]], bundle_dir: str,
                       lang: str) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(output / bundle_dir), force_language=lang)
    indexed = 0
    async with PagefindIndex(config) as index:
        for save_as, url in pages:
            page = output / PurePosixPath(save_as)
            if not page.is_file():
                continue
            await index.add_html_file(content=page.read_text(encoding="utf-8"), url=url)
            indexed += 1
        await index.write_files(output_path=str(output / bundle_dir))
    return indexed


def build_index(pelican) -> None:
    """Index the content pages just written; a Pagefind failure fails the build with a clear line."""
    settings = pelican.settings
    if not settings.get("SEARCH_INDEX", True):
        return
    pages: list[tuple[str, str]] = settings.get(SEARCH_STATE_KEY) or []
    output = Path(pelican.output_path)
    coroutine = _write_index(output, pages, settings.get("SEARCH_BUNDLE_DIR", DEFAULT_BUNDLE_DIR),
                             settings.get("DEFAULT_LANG", "it"))
    try:
        # In a thread of its own, so that the build also works where an event loop already runs
        # (a caller using asyncio, or Playwright's sync API in the tests).
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, coroutine).result()
    except Exception as error:  # noqa: BLE001 - shown to the owner as one build problem
        logger.error("The search index could not be built by Pagefind: %s: %s",
                     type(error).__name__, error)
