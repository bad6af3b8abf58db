"""The preview's fast render: an edited text shows in the browser before the whole site is rebuilt.

A complete build of a large site takes seconds even when its caches skip most of the work,
because Pelican reads every file and walks every page again. While the owner writes, what they
look at is the page of the file they just saved. So the preview worker keeps the objects of its
last complete build (:class:`passaparola.build.driver.BuildMemory`) and, when one content file's body
changed and nothing else, writes that file's pages again at once:

- the file's header (its fields, up to the first blank line) must be the same as at the last
  complete build, so every list, feed and page of other files is still right;
- its content rules pass (a mistake is reported at once, as the complete build would);
- the body is read again by the same Pelican reader, through the same plugins
  (``content_object_init``, then :data:`passaparola.signals.content_body_replaced`);
- every page write of the last build that showed the old object is made again with the new one,
  into a scratch folder, and each page replaces the published one with an atomic rename.

The complete build runs right after and replaces the site as usual; when the fast render was
faithful, its pages have the same bytes (tested), so the browser does not reload twice. Anything
else (a new or deleted file, an edited field, a template, a setting) goes straight to the
complete build.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from passaparola.build.driver import BuildMemory, check_context
from passaparola.build.languages import carry_over_links
from passaparola.build.logs import collect_warnings
from passaparola.contents import replace_body
from passaparola.rules import Problem, check_file
from passaparola.signals import content_body_replaced

logger = logging.getLogger(__name__)


# The plugin that records every page write of a build (RENDER_CACHE_WRITES), which the fast
# render replays with the edited object.
PAGE_WRITES_PLUGIN = "render_cache"


class FastRenderUnavailable(RuntimeError):
    """The last complete build recorded no page writes: the fast render has nothing to replay."""


@dataclass
class FastRender:
    """The outcome of a fast render: pages written, or the problems of the edited file."""

    written: list[str] = field(default_factory=list)  # site-relative paths
    problems: list[Problem] = field(default_factory=list)


def header_of(text: str) -> str:
    """A Markdown file's fields: everything before its first blank line."""
    lines = text.replace("\r\n", "\n").split("\n")
    header = []
    for line in lines:
        if not line.strip():
            break
        header.append(line)
    return "\n".join(header)


def remember_headers(memory: BuildMemory) -> dict[str, str]:
    """The header of every content file the build read, as the fast render compares them."""
    content_dir = Path(memory.settings["PATH"])
    headers = {}
    for relative in memory.generated:
        try:
            headers[relative] = header_of((content_dir / relative).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return headers


def _generator_of(memory: BuildMemory, old: Any) -> Any | None:
    """The generator that read ``old`` (it holds the object in one of its lists)."""
    for generator in memory.generators:
        if not hasattr(generator, "readers"):
            continue
        for value in vars(generator).values():
            if isinstance(value, list) and any(item is old for item in value):
                return generator
    return None


def fast_render(memory: BuildMemory, headers: dict[str, str], changed: Path) -> FastRender | None:
    """Write again the pages of ``changed`` (an edited content file) from ``memory``.

    Returns None when this edit needs the complete build (see the module's docstring). Raises
    FastRenderUnavailable when the settings leave out what it needs (see :func:`require_page_writes`).
    """
    require_page_writes(memory)
    settings = memory.settings
    content_dir = Path(settings["PATH"])
    try:
        relative = changed.resolve().relative_to(content_dir.resolve()).as_posix()
        text = changed.read_text(encoding="utf-8")
    except (ValueError, OSError, UnicodeDecodeError):
        return None
    old = memory.generated.get(relative)
    if old is None or headers.get(relative) != header_of(text):
        return None
    context = check_context(settings, memory.project_dir)
    problems = [p for p in check_file(changed, context) if p.level == "error"]
    if problems:
        return FastRender(problems=problems)
    generator = _generator_of(memory, old)
    if generator is None:
        return None
    writes = [call for call in memory.writes if any(v is old for v in call[4].values())]
    if not writes:
        return None

    cwd = os.getcwd()
    os.chdir(memory.project_dir)
    scratch = Path(tempfile.mkdtemp(prefix=".fast-", dir=memory.output_dir.parent))
    try:
        with collect_warnings() as warnings:
            if not _write_with_new_body(generator, old, relative, writes, scratch, settings):
                return None
        if warnings.records:
            return None  # the complete build reports it, with the file to blame
        return FastRender(written=_publish(scratch, memory.output_dir))
    except Exception:  # noqa: BLE001 - the complete build that follows reports any real problem
        logger.debug("Fast render of %s gave up", relative, exc_info=True)
        return None
    finally:
        os.chdir(cwd)
        shutil.rmtree(scratch, ignore_errors=True)


def require_page_writes(memory: BuildMemory) -> None:
    """Fail clearly, rather than never render fast, when the build recorded no page writes.

    They are recorded by the render cache plugin, only when it is in PLUGINS and writes the pages
    (it stands aside with RELATIVE_URLS).
    """
    if memory.writes:
        return
    plugins = [str(getattr(p, "__name__", p)).rsplit(".", 1)[-1]
               for p in memory.settings.get("PLUGINS") or ()]
    if PAGE_WRITES_PLUGIN not in plugins:
        reason = f"add {PAGE_WRITES_PLUGIN!r} to PLUGINS in pelicanconf.py"
    else:
        reason = "the render cache writes no page with RELATIVE_URLS = True"
    raise FastRenderUnavailable(
        f"The preview cannot show an edit before the complete build: it needs the "
        f"{PAGE_WRITES_PLUGIN} plugin to record every page the build writes ({reason}).")


def _write_with_new_body(generator: Any, old: Any, relative: str, writes: list[tuple[Any, ...]],
                         scratch: Path, settings: dict[str, Any]) -> bool:
    """Read the body again into ``old`` and write its pages into ``scratch``; False when a
    plugin cannot replay what it does to bodies (the object is then left as it was)."""
    from pelican.writers import Writer

    fresh = generator.readers.read_file(base_path=generator.path, path=relative,
                                        content_class=type(old), context=generator.context)
    # Everything but the body stays as the complete build made it: the header is the same.
    # The object is changed in place, since templates find it in lists by identity (the
    # current page in the menu) and later fast renders start from the newest body.
    previous = old._content
    replace_body(old, fresh._content)
    answers = content_body_replaced.send(old, context=generator.context, settings=settings)
    if any(answer is False for _receiver, answer in answers):
        replace_body(old, previous)
        return False
    writer = Writer(str(scratch), settings=settings)
    for name, template, page_context, args, kwargs in writes:
        writer.write_file(name, template, page_context, *args, **kwargs)
    return True


def _publish(scratch: Path, output_dir: Path) -> list[str]:
    """Move each page written into ``scratch`` over the published one; their site paths."""
    written = []
    for page in sorted(p for p in scratch.rglob("*") if p.is_file()):
        site_path = page.relative_to(scratch).as_posix()
        target = output_dir / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        if page.suffix == ".html" and target.is_file():  # issue 23: the languages' links stay
            page.write_text(carry_over_links(page.read_text(encoding="utf-8"),
                                             target.read_text(encoding="utf-8")), encoding="utf-8")
        os.replace(page, target)
        written.append(site_path)
    return written
