"""Site search on a static host: a Pagefind index of the content pages, and a search page.

At the end of the build (``finalized``) the pages of tips, events, testimonials and pages that
were written are handed to Pagefind (the ``pagefind`` package runs its own binary, no network);
it writes its index and its UI files into ``/pagefind/`` of the output. Only those pages are
indexed (Pagefind makes their URLs from their paths: ``consigli/x/index.html`` -> ``/consigli/x/``),
and only their ``<main data-pagefind-body>``: headers, menus and footers stay out.
The search page is the direct template ``search.html`` at the ``search`` section slug.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from passaparola.build import background
from passaparola.build.processes import tied_module_command
from passaparola.settings import EVENTS, SERVICES, TEAM, TESTIMONIALS, section_slug, setting, site_language

logger = logging.getLogger(__name__)

# Context lists whose objects are content pages worth finding.
# (A service's page is the price list, so "services" indexes it once; "team" the people's pages.)
SEARCHABLE_LISTS = ("articles", "pages", EVENTS, TESTIMONIALS, SERVICES, TEAM)
# Kept in the settings of one Pelican run: the pages to index, from the generators to `finalized`.
SEARCH_STATE_KEY = "_SEARCH_PAGES"
# Where the pages to index are gathered, inside the output, for the length of the indexing.
SCRATCH_DIR = ".search-pages"
# The last bundle of each language is kept in .cache/<KEPT_DIR>/<lang>/<key>/ (see index_key).
KEPT_DIR = "search"
# The pages indexed by the last build of each language are kept in .cache/<PAGES_DIR>/<lang>/.
PAGES_DIR = "search-pages"
TEMPORARY_PREFIX = ".tmp-"


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
    # Nothing to index (a new site's English side before its first translation): Pagefind writes
    # no bundle, so the search page must not load one; it says there is nothing to search yet.
    for generator in generators:
        if hasattr(generator, "env"):  # generators without templates have no environment
            generator.env.globals["search_has_pages"] = bool(settings[SEARCH_STATE_KEY])


def pagefind_version() -> str:
    """The installed Pagefind's version (the package that ships its binary): a part of the key."""
    from importlib.metadata import PackageNotFoundError, version

    for package in ("pagefind_bin", "pagefind"):
        try:
            return f"{package} {version(package)}"
        except PackageNotFoundError:
            continue
    return "unknown"


def pagefind_options(lang: str) -> list[str]:
    """Pagefind's options besides the folders: they are part of the kept bundle's key too."""
    return ["--force-language", lang, "--silent"]


def pagefind_command(site: Path, bundle: Path, lang: str) -> list[str]:
    """``python -m pagefind`` over ``site``, in a process that ends if the build is killed."""
    return tied_module_command("pagefind", "--site", str(site), "--output-path", str(bundle),
                               *pagefind_options(lang))


def read_pages(output: Path, pages: list[str]) -> dict[str, bytes]:
    """The bytes of each page to index, by its path in the output, as Pagefind will read them."""
    return {save_as: (output / save_as).read_bytes() for save_as in pages}


def index_key(pages: dict[str, bytes], lang: str, bundle_dir: str) -> str:
    """What Pagefind's bundle is a function of: its version, its options, each indexed page's path
    (its URL) and bytes. The same key gives the same bundle (Pagefind is deterministic)."""
    digest = hashlib.sha256()
    for part in (pagefind_version(), bundle_dir, *pagefind_options(lang)):
        digest.update(part.encode() + b"\0")
    for save_as in sorted(pages):
        digest.update(save_as.encode() + b"\0" + hashlib.sha256(pages[save_as]).digest())
    return digest.hexdigest()


def kept_bundles_folder(settings: dict[str, Any], lang: str) -> Path | None:
    """Where the last bundle of ``lang`` is kept between builds: ``.cache/search/<lang>/``, beside
    the render cache (``.cache/render/<digest>``); None when the build keeps no caches (a cold
    build, ``cache=False``), which then always runs Pagefind."""
    render_cache = settings.get("RENDER_CACHE_PATH")
    if not render_cache:
        return None
    folder = Path(render_cache).resolve()
    caches = next((parent for parent in folder.parents if parent.name == ".cache"),
                  folder.parent.parent)
    return caches / KEPT_DIR / lang


def _link_tree(source: Path, target: Path) -> None:
    """``target`` as a copy of ``source``, its files hard links where the file system allows."""
    for folder, _subfolders, names in os.walk(source):
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(Path(folder) / name, here / name)
            except OSError:  # another file system, or none with hard links: a copy does as well
                shutil.copyfile(Path(folder) / name, here / name)


def reuse_kept_bundle(kept: Path, key: str, bundle: Path) -> bool:
    """Put the kept bundle of ``key`` at ``bundle``; False when there is none (or it vanished)."""
    source = kept / key
    if not source.is_dir():
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        _link_tree(source, bundle)
    except OSError:  # removed meanwhile by another build of the same project: index afresh
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def keep_bundle(kept: Path, key: str, bundle: Path) -> None:
    """Keep a bundle Pagefind just wrote, under its key, in place of the kept one.

    Put together under a temporary name and renamed, so a kept folder named by a key is always
    whole (a build killed meanwhile leaves only a temporary folder, removed by the next one).
    """
    kept.mkdir(parents=True, exist_ok=True)
    temporary = kept / f"{TEMPORARY_PREFIX}{os.getpid()}-{time.monotonic_ns()}"
    try:
        _link_tree(bundle, temporary)
        temporary.rename(kept / key)
    except OSError:  # kept already by a concurrent build, or the disk is full: nothing is lost
        shutil.rmtree(temporary, ignore_errors=True)
    for other in kept.iterdir():
        if other.name != key and not other.name.startswith(f"{TEMPORARY_PREFIX}{os.getpid()}-"):
            shutil.rmtree(other, ignore_errors=True)


def _claim_pages_folder(folder: Path) -> int | None:
    """A descriptor holding the lock of the kept pages' folder; None when another build has it."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        return None
    return lock


def hold_exactly(folder: Path, pages: dict[str, bytes]) -> None:
    """Make ``folder`` hold ``pages`` (path -> bytes) and nothing else: a page with the same bytes
    is left alone, any other is written, every other file and folder is removed."""
    for save_as, data in pages.items():
        target = folder / save_as
        try:
            with open(target, "rb") as stream:
                if stream.read(len(data) + 1) == data:
                    continue
        except OSError:
            pass
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.write_bytes(data)
    root = os.fspath(folder)
    wanted = {os.path.join(root, save_as) for save_as in pages}
    for here, subfolders, names in os.walk(root, topdown=False):
        for name in names + [name for name in subfolders if os.path.islink(os.path.join(here, name))]:
            if os.path.join(here, name) not in wanted:
                os.unlink(os.path.join(here, name))
        if here != root and not os.listdir(here):
            os.rmdir(here)


def start_index(output: Path, pages: dict[str, bytes], bundle_dir: str, lang: str,
                keep: Callable[[Path], None] | None = None,
                pages_folder: Path | None = None) -> background.Job:
    """Start Pagefind over the given pages (path in ``output`` -> bytes); its bundle goes to
    ``output/bundle_dir``. Returns the job, for the build driver to finish before the swap.

    The pages are copied into a folder with the same layout, so Pagefind sees only them and
    computes the same URLs, and reads them as they were when indexing started, whatever
    rewrites the pages meanwhile (the links between languages). That folder is
    ``pages_folder``, kept between builds, where only the pages that changed are written (each
    build makes it hold exactly its pages: nothing left there by another build counts), unless
    another build is using it: then, as for a cold build, a scratch folder inside the output
    being built, removed when the job finishes (a build killed meanwhile leaves nothing anywhere
    else; the next build throws the whole unfinished output away). The command-line tool is used
    rather than the package's Python API, whose service answers each call after a 0.1 s poll (a
    second per ten pages). ``keep`` receives the finished bundle (to keep it for the next build).
    """
    lock = _claim_pages_folder(pages_folder) if pages_folder is not None else None
    scratch = pages_folder if lock is not None else output / SCRATCH_DIR
    bundle = output / bundle_dir

    def release() -> None:
        if lock is not None:
            os.close(lock)
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    try:
        shutil.rmtree(bundle, ignore_errors=True)
        if lock is not None:
            hold_exactly(scratch, pages)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
            for save_as, data in pages.items():
                target = scratch / save_as
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    except OSError:
        release()
        raise
    messages = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the job's finish or cancel
    try:
        process = subprocess.Popen(
            pagefind_command(scratch, bundle, lang), stdin=subprocess.DEVNULL, stdout=messages,
            stderr=subprocess.STDOUT)
    except OSError:
        messages.close()
        release()
        raise

    def finish() -> None:
        try:
            status = process.wait()
            messages.seek(0)
            said = " ".join(messages.read().decode("utf-8", "replace").split())
        finally:
            messages.close()
            release()
        if status != 0:
            logger.error("The search index could not be built by Pagefind: %s",
                         said or f"pagefind exited with status {status}")
        elif keep is not None:
            keep(bundle)

    def cancel() -> None:
        process.kill()
        process.wait()
        messages.close()
        release()

    # Only folders inside the output: the driver walks them once the job is finished.
    job = background.Job(writes_into=(bundle,) if lock is not None else (scratch, bundle),
                         finish=finish, cancel=cancel)
    background.start(job)
    return job


def build_index(pelican) -> None:
    """Index the content pages just written, or put the kept bundle of the same pages in place.

    Pagefind runs in the background while the build goes on; the build driver waits for it
    before swapping the site in, and a Pagefind failure fails the build with a clear line.
    """
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
    bundle_dir, lang = setting(settings, "SEARCH_BUNDLE_DIR"), site_language(settings)
    try:
        indexed = read_pages(output, pages)
        kept = kept_bundles_folder(settings, lang)
        key = index_key(indexed, lang, bundle_dir)
        if kept is not None and reuse_kept_bundle(kept, key, output / bundle_dir):
            return
        start_index(output, indexed, bundle_dir, lang,
                    functools.partial(keep_bundle, kept, key) if kept is not None else None,
                    kept.parent.parent / PAGES_DIR / lang if kept is not None else None)
    except OSError as error:
        logger.error("The search index could not be built by Pagefind: %s", error)
