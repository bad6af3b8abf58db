"""The floor under a one-edit rebuild: what any rebuild of this site must do, measured alone.

A tip's text is on its own page, in the listings and feeds, and in the search index. Whatever
else a rebuild skips, it must start Python and the build's code, and it must index the pages
again: Pagefind writes a whole bundle and cannot update one in place. Two rows measure those
alone, each a whole process, on the site the one-edit rows have just built:

- *start-up*: Python, the settings read and Pelican set up with our plugins, nothing read or
  written (:data:`START_UP`);
- *search index alone*: Pagefind, with our options, over a folder holding only the pages our
  site's search bundles hold, as the search capability hands them over.

Their sum is the floor of a one-edit rebuild; the targets compare it with Hugo's cold build, so
the report says when a target is below what the chosen tools can reach.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from passaparola.dev.bench.measure import Measure, median_of, run_child

# Everything a build does before its first content file: our modules, the settings, Pelican's
# plugins imported and registered (Pelican.__init__ loads them).
START_UP = """\
import sys
from pathlib import Path
from pelican import Pelican
from passaparola.build import driver
settings = driver.load_settings(Path(sys.argv[1]))
Pelican(settings)
"""

# Pagefind's fragment files (one per indexed page, gzipped) start with this before their JSON.
FRAGMENT_SIGNATURE = b"pagefind_dcd"


def measure_start_up(project: Path, runs: int) -> Measure:
    """Python, our build's code, the settings and Pelican's plugins: a build that does nothing."""
    command = [sys.executable, "-c", START_UP, str(project)]
    measured = []
    for _ in range(runs):
        seconds, rss, _ = run_child(command, cwd=project)
        measured.append(Measure("start-up alone: Python, settings, Pelican and our plugins",
                                seconds, [seconds], rss))
    return median_of(measured)


def indexed_pages(output: Path, bundle_dir: str) -> list[Path]:
    """The pages of ``output`` its search bundles hold: each fragment names its page's URL,
    relative to the folder of the bundle (``output/`` or a language's ``output/<lang>/``)."""
    pages = []
    for fragment in sorted(output.glob(f"**/{bundle_dir}/fragment/*.pf_fragment")):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(FRAGMENT_SIGNATURE))
        url = unquote(urlsplit(record["url"]).path)
        page = fragment.parents[2] / url.lstrip("/")
        pages.append(page / "index.html" if url.endswith("/") else page)
    return sorted(pages)


def measure_search_index(project: Path, scratch: Path, runs: int) -> Measure | str:
    """Pagefind alone over the pages our built site indexes, with the search capability's options.

    Returns why not when the site has no search index (the setting is off, or no page to index).
    """
    from passaparola.build.driver import load_settings
    from passaparola.settings import setting, site_language
    from plugins.search.search import pagefind_command

    settings = load_settings(project)
    if not setting(settings, "SEARCH_INDEX"):
        return "skipped: the site's search index is off (SEARCH_INDEX = False)"
    output = Path(settings["OUTPUT_PATH"])
    pages = indexed_pages(output, setting(settings, "SEARCH_BUNDLE_DIR"))
    if not pages:
        return "skipped: no page of the built site is indexed"
    site = scratch / "pages"
    shutil.rmtree(scratch, ignore_errors=True)
    for page in pages:
        target = site / page.relative_to(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    command = pagefind_command(site, scratch / "bundle", site_language(settings))
    measured = []
    for _ in range(runs):
        shutil.rmtree(scratch / "bundle", ignore_errors=True)
        seconds, rss, _ = run_child(command, cwd=scratch)
        measured.append(Measure("search index alone: Pagefind over the pages our site indexes",
                                seconds, [seconds], rss, pages=len(pages)))
    shutil.rmtree(scratch, ignore_errors=True)
    found = median_of(measured)
    found.note = f"{len(pages)} pages"
    return found


def one_edit_floor(start_up: Measure | None, search: Measure | None) -> float | None:
    """Seconds no one-edit rebuild can go below: start-up plus the search index made again."""
    if start_up is None or search is None:
        return None
    return start_up.seconds + search.seconds
