"""Keep each published page at its recorded address, and redirect from the addresses it had.

The record (``published-addresses.json``, see :mod:`passaparola.addresses`) is read when the build
starts. A tip, page or event whose file does not choose its address (no ``Slug``, ``URL`` or
``Save_as``) gets its recorded slug back as soon as Pelican makes it, before anything uses its
address, so a new title changes neither its address nor its feed id. A page that moved anyway
(the owner wrote a new ``Slug``) gets, at each address it had, a ``_redirects`` line (added to the
context's ``redirects_added``, which plugins/workflow writes) and a small HTML page that sends the browser on
(meta refresh, canonical link, and a plain link). The build driver updates the record afterwards.
"""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from passaparola.addresses import (
    RECORDED_STATUSES,
    chose_its_address,
    load_record,
    record_path,
    relative_source,
)
from passaparola.settings import REDIRECTS_ADDED

# Settings key of the record read at the start of the build (written by read_record, read by the
# receivers below); the settings dict belongs to one build, so nothing outlives it.
RECORD_SETTING = "ADDRESSES_RECORD"
MOVED_TEMPLATE = "moved"
# Context key read by plugins/workflow's _redirects writer: (old path, new path) pairs. The owner's
# own REDIRECTS come first there, so they win over ours for the same old address.


def read_record(pelican) -> None:
    """Pelican's ``initialized`` signal: load the record of published addresses."""
    pelican.settings[RECORD_SETTING] = load_record(record_path(pelican.settings))


def keep_recorded_address(content) -> None:
    """``content_object_init``: give a page that did not choose its address its recorded slug."""
    settings = getattr(content, "settings", None) or {}
    record = settings.get(RECORD_SETTING)
    if not record or chose_its_address(content):
        return
    relative = relative_source(settings, getattr(content, "source_path", None))
    recorded = record.get(relative) if relative else None
    if recorded and recorded.get("slug") and recorded["slug"] != getattr(content, "slug", None):
        content.slug = recorded["slug"]


def moved_pages(record: dict[str, dict[str, Any]], generated: dict[str, Any]) -> dict[str, Any]:
    """Each old address (site-relative URL) -> the content object now published elsewhere.

    An old address that another page uses now belongs to that page: no redirect is made there.
    """
    in_use = {getattr(content, "url", None) for content in generated.values() if content is not None}
    moved: dict[str, Any] = {}
    for relative, recorded in sorted(record.items()):
        content = generated.get(relative)
        if content is None or getattr(content, "status", "") not in RECORDED_STATUSES:
            continue
        for old in [*(recorded.get("moved_from") or ()), recorded["url"]]:
            if old and old != content.url and old not in in_use and old not in moved:
                moved[old] = content
    return moved


def _save_as(url: str) -> str:
    return url if url.endswith(".html") else url.rstrip("/") + "/index.html"


class MovedPagesGenerator(Generator):
    """Writes a page that sends visitors on at every address a page had before it moved."""

    def generate_context(self) -> None:
        """Nothing to read: the moved pages are known once every other generator has run."""

    def generate_output(self, writer) -> None:
        record = self.settings.get(RECORD_SETTING) or {}
        moved = moved_pages(record, self.context.get("generated_content") or {})
        if not moved:
            return
        template = self.get_template(MOVED_TEMPLATE)
        for old, content in sorted(moved.items()):
            writer.write_file(_save_as(old), template, self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=old,
                              moved_to=content, social_object=content, social_kind="moved")


def add_moved_redirects(generators) -> None:
    """``all_generators_finalized``: every moved page's old addresses, for the ``_redirects`` file.

    Here, not in the generator's output step: the file is written by another generator, whose
    output step may come first.
    """
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    moved = moved_pages(settings.get(RECORD_SETTING) or {}, context.get("generated_content") or {})
    context.setdefault(REDIRECTS_ADDED, []).extend(
        ("/" + old, "/" + content.url) for old, content in sorted(moved.items()))


def add_generator(pelican):
    """Pelican's ``get_generators`` signal."""
    return MovedPagesGenerator
