"""The build driver: check the content, run Pelican into a staging folder, swap it in.

Pelican alone logs a content error, skips the file and exits 0, so a page silently disappears.
Here the content rules decide first (checked while Pelican runs, see
:mod:`passaparola.build.rules_alongside`) and any problem stops the build; any warning Pelican
or a plugin logs while building also fails it. The site is written to a staging folder beside ``output/``
and only replaces ``output/`` once the whole build succeeded, so a failed build never leaves a
half-written site behind.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from passaparola import addresses
from passaparola.build import background, fingerprint, languages, read_pool
from passaparola.build import spare as spare_tree
from passaparola.build.caches import configure_caches
from passaparola.build.fast_inline import with_fast_inline
from passaparola.build.hosting import site_url_from_environment
from passaparola.build.logs import collect_warnings
from passaparola.build.output import (
    keep_unchanged_mtimes,
    remove_tree,
    repair_interrupted_swap,
    swap_in,
    swap_spare_in,
)
from passaparola.build.rules_alongside import RulesVerdict, stopping_pelican_on_errors
from passaparola.i18n import owner_language
from passaparola.rules import CheckContext, Problem, check_content, content_files
from passaparola.rules.base import read_source
from passaparola.settings import EVENTS_NEXT_CHANGE, site_timezone

logger = logging.getLogger(__name__)


class BuildSuperseded(Exception):
    """The content changed again while building: this build was dropped before replacing output/."""


class BuildFailed(Exception):
    """The build stopped; ``problems`` says why, one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class BuildResult:
    output_dir: Path
    seconds: float
    files_written: int
    pages_written: int
    files_changed: int = 0
    # Each content file (relative to content/) -> "published", "draft", "scheduled" (a Date in
    # the future, held back until a build on or after that day) or "hidden".
    fates: dict[str, str] = field(default_factory=dict)
    up_to_date: bool = False  # nothing changed since the last build: output/ was left as it was
    warnings: list[Problem] = field(default_factory=list)
    pages_rendered: int = 0  # pages the render cache had to render (the others were reused)
    pages_reused: int = 0
    changed_paths: list[str] = field(default_factory=list)  # files with new bytes, site-relative


@dataclass
class BuildMemory:
    """What a long-running preview keeps of its last complete build, to re-render one page fast.

    ``generated`` maps each content file (relative to content/) to its object; ``writes`` holds
    every page write the build made, as (name, template, context, args, kwargs), so a page can
    be written again with one object replaced (see :mod:`passaparola.preview.fast_render`).
    """

    project_dir: Path
    output_dir: Path
    settings: dict[str, Any]
    generators: list[Any]
    generated: dict[str, Any]
    writes: list[tuple[Any, ...]]


def load_settings(project_dir: Path, settings_file: str = "pelicanconf.py",
                  overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Pelican's settings for the project, with paths made absolute."""
    from pelican.settings import read_settings

    project_dir = Path(project_dir).resolve()
    cwd = os.getcwd()
    os.chdir(project_dir)  # pelicanconf.py is written with paths relative to the project
    # publishconf.py does `from pelicanconf import *`: it must be this project's file, not one
    # another project (or an earlier version of this one) left in sys.modules or on sys.path.
    sys.modules.pop("pelicanconf", None)
    sys.path.insert(0, str(project_dir))
    try:
        settings = read_settings(str(project_dir / settings_file), override=overrides or {})
        # A public build on a host that builds the site itself takes the address the host gives
        # it; read again with it, so every setting Pelican derives from SITEURL follows.
        if settings.get("PREVIEW") is False and "SITEURL" not in (overrides or {}):
            site_url = site_url_from_environment(settings.get("SITEURL") or "")
            if site_url != settings.get("SITEURL"):
                sys.modules.pop("pelicanconf", None)
                settings = read_settings(str(project_dir / settings_file),
                                         override={**(overrides or {}), "SITEURL": site_url})
    finally:
        sys.path.remove(str(project_dir))
        os.chdir(cwd)
    return settings


def check_context(settings: dict[str, Any], project_dir: Path) -> CheckContext:
    """The content rules' view of the site's settings."""
    return CheckContext(
        content_dir=Path(settings["PATH"]),
        lang=owner_language(settings.get("DEFAULT_LANG")),
        timezone=site_timezone(settings),
        settings=settings,
        display_root=Path(project_dir).resolve(),
        cache_dir=Path(project_dir).resolve() / ".cache" / "rules",  # rules.verdicts
    )


_OVERWRITE = re.compile(r'overwrite "(?P<path>[^"]+)"')


def _record_to_problems(record: logging.LogRecord, project_dir: Path, staging: Path,
                        generated: dict[str, Any], context: CheckContext) -> list[Problem]:
    """The owner's view of a logged problem: the content file to blame where one can be named."""
    message = record.getMessage()
    clash = _OVERWRITE.search(message)
    if clash and staging.name + os.sep in clash.group("path"):
        page = clash.group("path").split(staging.name + os.sep, 1)[1]
        culprits = sorted(source for source, content in generated.items()
                          if content is not None and getattr(content, "save_as", None) == page)
        if culprits:
            return [_address_clash(context, source, page) for source in culprits]
    message = message.replace(str(project_dir) + os.sep, "").replace(str(staging) + os.sep, "")
    path = getattr(record, "content_path", None)
    if not path:
        return [Problem("build", 1, record.name, message.strip())]
    line = _line_of_field(context, project_dir / path, record.name,
                          getattr(record, "content_image", None))
    return [Problem(str(path), line, record.name, message.strip())]


def _line_of_field(context: CheckContext, path: Path, field_name: str, image: str | None) -> int:
    """The line a plugin's problem points at: its field's line, or the body line naming the image.

    Falls back to the first line of the body (or of the file) when nothing more precise is found.
    """
    try:
        document, _problems = read_source(path, str(path), context)
    except OSError:
        return 1
    if document is None:
        return 1
    meta = document.meta.get(field_name.lower())
    if meta is not None:
        return meta.line
    if field_name != "body":
        return 1
    names = [PurePosixPath(image).name, unquote(PurePosixPath(image).name)] if image else []
    for offset, text in enumerate(document.body.split("\n")):
        if any(name and (name in text or name in unquote(text)) for name in names):
            return document.body_line + offset
    return document.body_line


def _address_clash(context: CheckContext, source: str, page: str) -> Problem:
    path = context.content_dir / source
    field_name, line = "Slug", 1
    try:
        document, _problems = read_source(path, source, context)
    except OSError:
        document = None
    if document is not None:
        for key in ("save_as", "url", "slug"):
            if key in document.meta:
                field_name, line = document.meta[key].key, document.meta[key].line
                break
    return Problem(context.display_path(path), line, field_name, context.gettext(
        "its address {page} is already used by another page of the site: choose another Slug"
    ).format(page=page))


def build(project_dir: Path | str = ".", settings_file: str = "pelicanconf.py",
          overrides: dict[str, Any] | None = None, output_dir: Path | str | None = None,
          force: bool = False, cache: bool = True,
          remember: Callable[[BuildMemory], None] | None = None,
          superseded: Callable[[], bool] | None = None,
          discard: Callable[[Path], None] | None = None) -> BuildResult:
    """Build the site into ``output_dir`` (default: the settings' OUTPUT_PATH).

    Raises BuildFailed, leaving the previous output untouched, when the content has errors or
    anything logged a warning during the build. When nothing the build reads has changed since
    the last build into the same folder, returns at once with ``up_to_date`` set (unless ``force``).
    With ``cache`` (the default), the content read and the pages rendered by earlier builds are
    reused where their inputs did not change (see :func:`configure_caches`); the output is the
    same, byte for byte, as without.

    For the preview: ``remember`` receives the objects of a successful build (a
    :class:`BuildMemory`); ``superseded`` is asked as the build goes (each object read, each page
    written, before reporting problems and before ``output/`` is replaced), and when it says the
    content changed again the build is dropped (BuildSuperseded), so the preview never goes back
    to older content; ``discard`` receives the previous site once replaced (by
    default it is removed before returning).

    The steps: is anything new (:mod:`passaparola.build.fingerprint`), check the content, run Pelican into a
    staging folder (:func:`_run_pelican`), account for every content file
    (:func:`_accounted_fates`), swap the staging folder in and remember what was built
    (:func:`_publish_staging`).
    """
    started = time.perf_counter()
    is_superseded = superseded or (lambda: False)
    project_dir = Path(project_dir).resolve()
    settings = load_settings(project_dir, settings_file, overrides)
    with_fast_inline(settings)  # the same HTML from Markdown, in less time
    output_dir = Path(output_dir or settings["OUTPUT_PATH"]).resolve()

    repair_interrupted_swap(output_dir)
    # The record of published addresses is an input too (it decides where pages go); the build
    # itself updates it, so it is hashed apart and the fingerprint remembered is the one after.
    code_and_content = fingerprint.input_fingerprint(project_dir, settings, settings_file, overrides)
    inputs = _with_record(code_and_content, addresses.record_path(settings))
    if not force and fingerprint.is_up_to_date(project_dir, output_dir, inputs):
        return _up_to_date_result(project_dir, output_dir, started)

    def failed(problems: list[Problem]) -> Exception:
        # Problems of content that has changed again since are not worth showing any more.
        return BuildSuperseded() if is_superseded() else BuildFailed(problems)

    # The content rules run in a child process while Pelican builds (rules_alongside): their
    # errors, and only theirs, fail the build, before anything Pelican logged is looked at.
    verdict = RulesVerdict(check_context(settings, project_dir))
    if verdict.found_errors_yet():  # already known (checked here, in a process with threads)
        raise failed(verdict.errors())
    # The site the last build replaced is written over (passaparola.build.spare); the preview,
    # which removes replaced sites in the background, and a build beside a running one write a
    # fresh staging folder.
    spare = spare_tree.claim(output_dir) if discard is None and not settings.get("PREVIEW") \
        else None
    staging = spare.path if spare else output_dir.parent / f".{output_dir.name}.staging-{os.getpid()}"
    try:
        with spare_tree.writing_into(spare):
            try:
                if spare is None:
                    shutil.rmtree(staging, ignore_errors=True)
                settings["OUTPUT_PATH"] = str(staging)
                settings["DELETE_OUTPUT_DIRECTORY"] = False
                caches = (configure_caches(project_dir, settings, settings_file, overrides)
                          if cache else None)
                run = _PelicanRun(project_dir, settings, staging)
                # A site in several languages: the default language's run leaves the
                # translations out.
                run.language_plan = languages.plan(settings, check_context(settings, project_dir))
                if run.language_plan:
                    languages.prepare_default_run(run.language_plan, settings)
                if remember is not None:
                    settings["RENDER_CACHE_WRITES"] = run.writes
                with stopping_pelican_on_errors(verdict):
                    _run_pelican(run, superseded)
                problems = verdict.problems()
            except BaseException as stopped:
                _rules_first(verdict, stopped, staging, failed)
                raise
            errors = [p for p in problems if p.level == "error"]
            if errors:
                _remove_staging(staging)
                raise failed(errors)
            _run_other_languages(run, settings_file, overrides)
        fates = _accounted_fates(run, failed)
        files, changed = _publish_staging(run, output_dir, (code_and_content, inputs),
                                          is_superseded, discard, spare)
    finally:
        if spare:
            spare.release()
    pages = sum(1 for p in files if p.suffix == ".html")
    report = caches.finish() if caches else None
    if remember is not None:
        remember(BuildMemory(project_dir, output_dir, settings, run.generators, run.generated,
                             run.writes))
    return BuildResult(
        output_dir=output_dir,
        seconds=time.perf_counter() - started,
        files_written=len(files),
        pages_written=pages,
        files_changed=len(changed),
        changed_paths=changed,
        fates=fates,
        warnings=[p for p in problems if p.level == "warning"],
        pages_rendered=report.rendered + report.always_rendered if report else pages,
        pages_reused=report.reused if report else 0,
    )


def _rules_first(verdict: RulesVerdict, stopped: BaseException, staging: Path,
                 failed: Callable[[list[Problem]], Exception]) -> None:
    """The build stopped before the rules' verdict was in: their errors, if any, are the reason
    shown (a crash of Pelican on a bad file is a consequence); returns to re-raise otherwise."""
    if isinstance(stopped, (BuildSuperseded, KeyboardInterrupt, SystemExit)):
        verdict.abandon()
        return
    try:
        errors = verdict.errors()  # the rules' own failure is raised, as when they ran first
    finally:
        _remove_staging(staging)
    if errors:
        raise failed(errors) from None


def _remove_staging(staging: Path) -> None:
    """Stop the jobs writing into ``staging`` (Pagefind), then remove it."""
    background.cancel_under(staging)
    shutil.rmtree(staging, ignore_errors=True)


def _up_to_date_result(project_dir: Path, output_dir: Path, started: float) -> BuildResult:
    """The result of a build with nothing to do: its inputs are those of the last build into
    ``output_dir``, whose summary is remembered."""
    summary = fingerprint.remembered_summary(project_dir, output_dir)
    return BuildResult(output_dir=output_dir, seconds=time.perf_counter() - started,
                       files_written=0, pages_written=summary["pages"], up_to_date=True)


@dataclass
class _PelicanRun:
    """One run of Pelican into a staging folder, and what it left: objects, page writes, logs."""

    project_dir: Path
    settings: dict[str, Any]
    staging: Path
    generated: dict[str, Any] = field(default_factory=dict)  # content file -> its object
    generators: list[Any] = field(default_factory=list)
    writes: list[tuple[Any, ...]] = field(default_factory=list)  # filled by the render cache
    records: list[logging.LogRecord] = field(default_factory=list)  # warnings and errors logged
    language_plan: Any = None  # passaparola.build.languages' plan, for a site in several languages
    language_runs: list[Any] = field(default_factory=list)  # one more run per extra language


def _run_pelican(run: _PelicanRun, superseded: Callable[[], bool] | None) -> None:
    """Run Pelican with ``run.settings``, collecting what it made and every warning it logged.

    A crash is recorded as a logged error (reported as a build problem, not a traceback); a
    ``superseded`` build stops at the next object read or page written (BuildSuperseded).
    """
    from pelican import Pelican, signals

    def remember_generated_content(generators) -> None:
        run.generated.update(generators[0].context["generated_content"])
        run.generators[:] = generators

    def stop_if_superseded(*_args, **_kwargs) -> None:
        # Asked at every object read and page written: a large site's build is dropped within
        # milliseconds of the next edit, so the preview turns to it at once.
        if superseded():
            raise BuildSuperseded()

    _forget_logged_warnings()
    progress = (signals.content_object_init, signals.content_written)
    cwd = os.getcwd()
    os.chdir(run.project_dir)
    signals.all_generators_finalized.connect(remember_generated_content)
    if superseded is not None:
        for signal in progress:
            signal.connect(stop_if_superseded)
    try:
        with collect_warnings() as collector:
            try:
                with read_pool.parallel_reading(run.settings), _pelican_console_silenced():
                    Pelican(run.settings).run()  # cold builds: Markdown on every core
            except BuildSuperseded:
                _remove_staging(run.staging)
                raise
            except Exception as error:  # noqa: BLE001 - reported as a build problem, not a traceback
                logger.debug("Build crashed", exc_info=True)
                collector.records.append(logging.makeLogRecord({
                    "name": "build", "levelno": logging.ERROR, "levelname": "ERROR",
                    "msg": "%s: %s", "args": (type(error).__name__, error)}))
    finally:
        signals.all_generators_finalized.disconnect(remember_generated_content)
        for signal in progress:
            signal.disconnect(stop_if_superseded)
        os.chdir(cwd)
    run.records = collector.records


def _run_other_languages(run: _PelicanRun, settings_file: str,
                         overrides: dict[str, Any] | None) -> None:
    """One more Pelican run per extra language into ``<staging>/<lang>/``, after a clean run."""
    if not run.language_plan or run.records:
        return
    with collect_warnings() as collector, _pelican_console_silenced():
        run.language_runs = languages.build_other_languages(
            run.language_plan, run.project_dir, settings_file, overrides, run.settings,
            run.generated)
    run.records.extend(collector.records)


def _accounted_fates(run: _PelicanRun, failed: Callable[[list[Problem]], Exception]
                     ) -> dict[str, str]:
    """What became of each content file; raises ``failed(problems)`` (and removes the staging
    folder) when anything was logged or a content file went missing."""
    context = check_context(run.settings, run.project_dir)
    if run.records:
        # Files not written after a failure are its consequence, not more problems to list.
        _remove_staging(run.staging)
        raise failed([problem for record in run.records for problem in
                      _record_to_problems(record, run.project_dir, run.staging, run.generated,
                                          context)])
    fates, unaccounted = content_fates(
        context, languages.fates_view(run.generated, run.language_runs), run.staging)
    if unaccounted:
        _remove_staging(run.staging)
        raise failed(unaccounted)
    return fates


def _publish_staging(run: _PelicanRun, output_dir: Path, fingerprints: tuple[str, str],
                     is_superseded: Callable[[], bool], discard: Callable[[Path], None] | None,
                     spare: spare_tree.Spare | None = None) -> tuple[list[Path], list[str]]:
    """Swap the staging folder in as ``output_dir``, record the published addresses and the
    inputs of this build; the files written, and the site paths whose bytes changed.

    Jobs still running in the background (Pagefind indexing a language's pages) go on while the
    languages are linked and the other files are compared with the published ones; they are
    finished before their own files are compared, and before the swap. Written into the
    ``spare`` (:mod:`passaparola.build.spare`), the pages it kept are compared by their times, and
    the replaced site becomes the next spare instead of being removed.
    """
    settings, staging = run.settings, run.staging
    if run.language_plan:  # hreflang alternates, the language switcher, one sitemap
        languages.link_languages(run.language_plan, settings, run.generated, run.language_runs,
                                 published=output_dir)
    pending = background.pending_folders(staging)
    files = _staged_files(staging, leave_out=pending)
    kept = spare.kept if spare else ()
    changed = keep_unchanged_mtimes(staging, files, output_dir, kept)
    _finish_background_jobs(run, is_superseded)
    late = [path for folder in pending for path in _staged_files(folder)]
    changed += keep_unchanged_mtimes(staging, late, output_dir, kept)
    files += late
    if is_superseded():
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildSuperseded()
    record_file = addresses.record_path(settings)
    code_and_content, inputs = fingerprints  # inputs: with the record as it was before the build
    if spare:
        swap_spare_in(staging, output_dir)
    else:
        swap_in(staging, output_dir, discard or remove_tree)
    if not settings.get("PREVIEW"):  # the preview's drafts never become published addresses
        addresses.save_record(record_file, addresses.updated_record(
            addresses.load_record(record_file), run.generated, settings))
        languages.save_records(run.language_runs)  # one record per language
        inputs = _with_record(code_and_content, record_file)
    pages = sum(1 for p in files if p.suffix == ".html")
    fingerprint.remember(run.project_dir, output_dir, inputs, {"pages": pages, "files": len(files)},
                         valid_until=_next_change(run))
    return files, changed


def _next_change(run: _PelicanRun) -> datetime | None:
    """When this build's site changes by itself (an event ends), as the events plugin said in
    the default language's context, which every generator shares (the other languages' events
    are translations, at the same times)."""
    return run.generators[0].context.get(EVENTS_NEXT_CHANGE) if run.generators else None


def _staged_files(folder: Path, leave_out: Iterable[Path] = ()) -> list[Path]:
    """Every file under ``folder``, but for those under the folders of ``leave_out``."""
    skipped = {str(path) for path in leave_out}
    found = []
    for here, subfolders, names in os.walk(folder):
        subfolders[:] = [name for name in subfolders if os.path.join(here, name) not in skipped]
        found.extend(Path(here, name) for name in names)
    return found


def _finish_background_jobs(run: _PelicanRun, is_superseded: Callable[[], bool]) -> None:
    """Wait for the jobs this build started in the background (:mod:`passaparola.build.background`);
    a problem one of them logged fails the build like any other (BuildFailed, staging removed)."""
    with collect_warnings() as collector:
        background.finish_under(run.staging)
    if not collector.records:
        return
    shutil.rmtree(run.staging, ignore_errors=True)
    if is_superseded():
        raise BuildSuperseded()
    context = check_context(run.settings, run.project_dir)
    raise BuildFailed([problem for record in collector.records for problem in
                       _record_to_problems(record, run.project_dir, run.staging, run.generated,
                                           context)])


def _with_record(inputs: str, record_file: Path) -> str:
    try:
        recorded = record_file.read_bytes()
    except OSError:
        recorded = b""
    return hashlib.sha256(inputs.encode() + b"\0" + recorded).hexdigest()


@contextmanager
def _pelican_console_silenced() -> Iterator[None]:
    """Pelican prints its own English "Done: Processed…" line; the owner reads our summary instead."""
    from pelican.log import console

    was_quiet = console.quiet
    console.quiet = True
    try:
        yield
    finally:
        console.quiet = was_quiet


def _forget_logged_warnings() -> None:
    """Pelican logs a repeated warning once per process; every build must see all of its own.

    Without this, a process that builds more than once (the preview worker, the tests) would let
    a build pass whose only problem is a warning an earlier build already logged.
    """
    from pelican.log import LimitFilter

    for remembered in ("_raised_messages", "_group_count"):
        getattr(LimitFilter, remembered).clear()


def content_fates(context: CheckContext, generated: dict[str, Any], site_dir: Path
                  ) -> tuple[dict[str, str], list[Problem]]:
    """What became of each content file: published (its page exists), a draft, or hidden.

    A file that no generator read, or whose page was not written, is a problem: nothing may
    disappear silently.
    """
    _ = context.gettext
    fates: dict[str, str] = {}
    problems: list[Problem] = []
    for path in content_files(context):
        relative = path.relative_to(context.content_dir).as_posix()
        display = context.display_path(path)
        content = generated.get(relative)
        if content is None:
            problems.append(Problem(display, 1, "file", _("was not published: no part of the "
                                                          "build read it")))
            continue
        status = getattr(content, "status", "published")
        if status == "published" and not (site_dir / content.save_as).is_file():
            problems.append(Problem(display, 1, "file", _(
                "was not published: its page {page} was not written (another file may use the "
                "same address)").format(page=content.save_as)))
            continue
        if status == "draft" and _is_scheduled(content):
            status = "scheduled"
        fates[relative] = status
    return fates, problems


def _is_scheduled(content: Any) -> bool:
    """A draft only because its Date is in the future (Pelican's WITH_FUTURE_DATES), not by choice."""
    written = str(content.metadata.get("status", "")).lower()
    when = getattr(content, "date", None)
    if written == "draft" or when is None:
        return False
    return when > (datetime.now(when.tzinfo) if when.tzinfo else datetime.now())


def check(project_dir: Path | str = ".", settings_file: str = "pelicanconf.py",
          overrides: dict[str, Any] | None = None) -> list[Problem]:
    """Every problem (errors and warnings) of the project's content, without building."""
    project_dir = Path(project_dir).resolve()
    settings = load_settings(project_dir, settings_file, overrides)
    return check_content(check_context(settings, project_dir))
