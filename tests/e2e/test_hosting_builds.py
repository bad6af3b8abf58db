"""Each host's own build, run for real in a fresh clone: the commands and environment variables
read from the host's file (the workflow, netlify.toml, .gitlab-ci.yml, the guide's Cloudflare
settings) give the public site at the host's address, without drafts or localhost; and a morning
rebuild, with the clock a day later and the caches of the day before, moves a passed event to the
past and publishes a tip scheduled for that day."""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html

from tests.hosting_support import (
    HostBuild,
    cloudflare_build,
    fresh_clone,
    github_build,
    gitlab_build,
    netlify_build,
    run_host_build,
)
from tests.owner.test_hosting_files import headers_file_rules
from tests.workflow_support import write

DRAFT = "Title: Bozza sulle extension\nDate: 2026-10-01 10:00\nStatus: draft\nSummary: s\n\nQUI-BOZZA.\n"
SCHEDULED = "Title: Consigli per il 2031\nDate: 2031-01-10 10:00\nSummary: s\n\nQUI-FUTURO.\n"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".ics", ".txt", ".js", ".css", ""}
FEED_TYPES = {"feed.xml": "application/rss+xml", "atom.xml": "application/atom+xml",
              "feed.json": "application/feed+json", ".ics": "text/calendar"}


def commit_all(project: Path, message: str) -> None:
    """Commit in the clone, as the owner (or the editor at /admin/) does before the host builds."""
    identity = ["-c", "user.name=Marta", "-c", "user.email=marta@example.org"]
    subprocess.run(["git", *identity, "add", "-A"], cwd=project, check=True)
    subprocess.run(["git", *identity, "commit", "-q", "-m", message], cwd=project, check=True)


def host_builds(clone: Path) -> dict[str, HostBuild]:
    return {"github": github_build(), "netlify": netlify_build(), "gitlab": gitlab_build(clone),
            "cloudflare": cloudflare_build()}


def site_files(site: Path) -> list[Path]:
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]
    assert files, f"nothing was published in {site}"
    return files


def header_for(rules: dict[str, dict[str, str]], path: str, name: str) -> list[str]:
    """The values a host reading ``_headers`` sends for ``path`` (a splat matches any characters)."""
    return [headers[name] for pattern, headers in rules.items()
            if name in headers and fnmatch.fnmatchcase(path, pattern)]


@pytest.mark.parametrize("host", ["github", "netlify", "cloudflare", "gitlab"])
def test_each_hosts_own_build_commands_publish_the_public_site_at_its_address(host, tmp_path):
    clone = fresh_clone(tmp_path / "clone")
    write(clone, "content/tips/bozza-extension.md", DRAFT)
    write(clone, "content/tips/consigli-2031.md", SCHEDULED)
    commit_all(clone, "Una bozza e un consiglio programmato")
    build = host_builds(clone)[host]

    done = run_host_build(build, clone)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    site = clone / build.site_folder
    home = html.parse(str(site / "index.html")).getroot()
    assert home.xpath("//link[@rel='canonical']/@href") == [f"{build.address}/"]
    stylesheets = home.xpath("//link[@rel='stylesheet']/@href")
    assert stylesheets and all(href.startswith(f"{build.address}/theme/") for href in stylesheets)
    assert f"<link>{build.address}/</link>" in (site / "feed.xml").read_text(encoding="utf-8")
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in site_files(site)}
    for path, text in texts.items():
        for leftover in ("QUI-BOZZA", "QUI-FUTURO", "localhost", "127.0.0.1",
                         "https://www.ciocheribelli.example"):
            assert leftover not in text, f"{leftover} in {path.relative_to(site)}"
        # Every link inside the site carries the host's address (a GitHub project site has a path).
        for link in re.findall(r'(?:href|src)="(/[^/"][^"]*)"', text) if path.suffix == ".html" else []:
            pytest.fail(f"root-relative link {link} in {path.relative_to(site)}")
    assert not (site / "drafts").exists()

    rules = headers_file_rules((site / "_headers").read_text(encoding="utf-8"))
    published = [p.relative_to(site).as_posix() for p in texts if p.name.endswith(tuple(FEED_TYPES))]
    assert "calendar.ics" in published and "feed.json" in published
    for relative in published:
        wanted = next(kind for ending, kind in FEED_TYPES.items() if relative.endswith(ending))
        assert header_for(rules, f"/{relative}", "Content-Type") == [f"{wanted}; charset=utf-8"], relative


EVENT_PAGE = "eventi/index.html"
EVENT_LINK = "/eventi/in-diretta-ricci-in-inverno-senza-crespo/"
# The demo event above ends on 10 December 2026 at 19:30 in Rome; the tip below is dated the 11th.
EVENING_BEFORE = "2026-12-10 03:30:00"   # the workflow's 03:30 UTC run on the event's day
MORNING_AFTER = "2026-12-11 03:30:00"    # the run of the next morning
TIP = "Title: Pieghe per le feste\nDate: 2026-12-11 00:00\nSummary: s\n\nQUI-PROGRAMMATO.\n"


def events_lists(site: Path) -> dict[str, list[str]]:
    page = html.parse(str(site / EVENT_PAGE)).getroot()
    return {kind: page.xpath(f"//ol[@data-events-{kind}]//h3/a/@href")
            for kind in ("upcoming", "past")}


def test_the_morning_rebuild_moves_a_passed_event_and_publishes_a_tip_scheduled_for_that_day(tmp_path):
    faketime = shutil.which("faketime")
    assert faketime, "faketime is needed (Debian: apt-get install faketime)"
    clone = fresh_clone(tmp_path / "clone")
    write(clone, "content/tips/pieghe-per-le-feste.md", TIP)
    commit_all(clone, "Un consiglio per l'11 dicembre")
    build = github_build()
    utc = {"TZ": "UTC"}

    first = run_host_build(build, clone, prefix=[faketime, EVENING_BEFORE], extra_env=utc)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    site = clone / build.site_folder
    before = events_lists(site)
    assert f"{build.address}{EVENT_LINK}" in before["upcoming"], before
    home_before = (site / "index.html").read_text(encoding="utf-8")
    assert "Pieghe per le feste" not in home_before
    assert not list(site.rglob("pieghe-per-le-feste*"))

    # The next morning: same commit, the caches kept from the run before (as actions/cache does).
    second = run_host_build(build, clone, prefix=[faketime, MORNING_AFTER], extra_env=utc)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    after = events_lists(site)
    assert f"{build.address}{EVENT_LINK}" in after["past"], after
    assert f"{build.address}{EVENT_LINK}" not in after["upcoming"]
    assert "Pieghe per le feste" in (site / "index.html").read_text(encoding="utf-8")
    assert "QUI-PROGRAMMATO" in "".join(p.read_text(encoding="utf-8") for p in
                                        site.rglob("pieghe-per-le-feste/index.html"))
