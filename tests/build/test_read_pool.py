"""Reading content in a pool of processes changes nothing but the time a cold build takes."""

from __future__ import annotations

import logging
import pickle
import shutil
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader

from passaparola.build import read_pool
from passaparola.build.driver import BuildFailed, build
from passaparola.dev.synthetic import write_tips
from tests.support import tree_hashes

FAULTY_TIP = "synthetic-00007.md"
SYNTHETIC_TIPS = read_pool.MIN_FILES_FOR_POOL + 4
TIPS_AND_PAGES = SYNTHETIC_TIPS + 8 + 2  # and the demo's own tips and pages


@pytest.fixture
def site(project_copy):
    """The demo project with enough tips (and its pages) for the pool to start on a cold build."""
    write_tips(project_copy / "content", SYNTHETIC_TIPS)
    return project_copy


def cold_build(project: Path, workers: int, name: str):
    """A build from empty reading and render caches into its own output folder."""
    shutil.rmtree(project / ".cache" / "read", ignore_errors=True)
    shutil.rmtree(project / ".cache" / "render", ignore_errors=True)
    return build(project, overrides={"READING_WORKERS": workers}, output_dir=project / name, force=True)


def reading_cache(project: Path) -> dict[str, dict[str, tuple]]:
    """Each reading cache file of the last build (by name) -> its entries, path -> (content, metadata)."""
    folders = sorted((project / ".cache" / "read").iterdir(), key=lambda p: p.stat().st_mtime)
    caches = {}
    for cache_file in folders[-1].glob("*-Readers"):
        with cache_file.open("rb") as stored:
            caches[cache_file.name] = {path: data for path, (_stamp, data) in pickle.load(stored).items()}
    return caches


def pool_reports(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == read_pool.__name__]


def test_a_cold_build_reading_on_two_processes_equals_a_cold_build_on_one_byte_for_byte(site, caplog):
    caplog.set_level(logging.INFO, logger=read_pool.__name__)
    single = cold_build(site, 1, "single")
    single_cache = reading_cache(site)
    assert pool_reports(caplog) == []

    pooled = cold_build(site, 2, "pooled")
    [report] = pool_reports(caplog)
    assert report.startswith(f"Read {TIPS_AND_PAGES} content files in 2 processes")
    assert report.endswith("(0 left to Pelican)")
    assert tree_hashes(pooled.output_dir) == tree_hashes(single.output_dir)
    # Same cache files, same entries: nothing a generator would not read (testimonials have no
    # reading cache; events, services and the team have one, filled by their generator as it reads).
    pooled_cache = reading_cache(site)
    assert set(pooled_cache) == set(single_cache) == {
        "ArticlesGenerator-Readers", "PagesGenerator-Readers", "EventsGenerator-Readers",
        "ServicesGenerator-Readers"}
    for name, entries in single_cache.items():
        assert set(pooled_cache[name]) == set(entries)
        assert all(pooled_cache[name][path][0] == content for path, (content, _meta) in entries.items())


def test_a_rebuild_after_one_edit_starts_no_pool(site, monkeypatch):
    build(site)

    def no_pool(*args, **kwargs):
        raise AssertionError("a rebuild started a reading pool")

    monkeypatch.setattr(read_pool, "ProcessPoolExecutor", no_pool)
    tip = site / "content" / "tips" / FAULTY_TIP
    tip.write_text(tip.read_text(encoding="utf-8") + "\nUna riga in più.\n", encoding="utf-8")
    rebuilt = build(site)
    assert any("Una riga in più." in page.read_text(encoding="utf-8")
               for page in rebuilt.output_dir.rglob("index.html"))


def faulty_reader(monkeypatch, fault: str) -> None:
    """Make Pelican's Markdown reader fail on one tip, in this process and in forked workers."""
    read = MarkdownReader.read

    def read_or_fail(self, source_path):
        if source_path.endswith(FAULTY_TIP):
            if fault == "error":
                raise ValueError("the reader choked")
            logging.getLogger("pelican.readers").warning("Something odd in %s", source_path)
        return read(self, source_path)

    monkeypatch.setattr(MarkdownReader, "read", read_or_fail)


@pytest.mark.parametrize("fault", ["error", "warning"])
def test_a_file_that_fails_to_read_in_a_worker_fails_the_build_exactly_as_without_the_pool(
        site, monkeypatch, fault):
    faulty_reader(monkeypatch, fault)
    reports = []
    for workers in (1, 2):
        # Pelican logs a repeated warning once per process: the build driver makes each build
        # see its own again, so the second build fails as the first did.
        with pytest.raises(BuildFailed) as failed:
            cold_build(site, workers, f"out-{workers}")
        reports.append([str(problem) for problem in failed.value.problems])
    assert reports[0] == reports[1]
    assert any(FAULTY_TIP in line for line in reports[1])


def test_after_a_failed_build_the_next_build_reads_every_file_again(site, monkeypatch, caplog):
    faulty_reader(monkeypatch, "warning")
    with pytest.raises(BuildFailed):
        cold_build(site, 2, "output")
    monkeypatch.undo()
    caplog.set_level(logging.INFO, logger=read_pool.__name__)
    build(site, overrides={"READING_WORKERS": 2})
    [report] = pool_reports(caplog)
    assert report.startswith(f"Read {TIPS_AND_PAGES} content files")


def test_reading_workers_defaults_to_one_per_core_and_one_turns_the_pool_off():
    assert read_pool.reading_workers({}) >= 1
    assert read_pool.reading_workers({"READING_WORKERS": None}) == read_pool.reading_workers({})
    assert read_pool.reading_workers({"READING_WORKERS": 1}) == 1
    with read_pool.parallel_reading({"READING_WORKERS": 1, "CACHE_CONTENT": True,
                                     "CONTENT_CACHING_LAYER": "reader"}) as report:
        pass
    assert report == read_pool.ReadingReport()
