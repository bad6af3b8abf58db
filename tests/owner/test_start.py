"""`invoke start` turns the demo into her salon's site, and publishing refuses what is left of the demo.

Run for real in copies of the project: the settings are edited in place (one assignment each,
comments kept), the demo content goes, the site builds with no warning, and the published folder
has nothing of the demo salon, with her domain in canonical URLs and calendar UIDs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from icalendar import Calendar
from lxml import html

from passaparola.build.driver import build, load_settings
from passaparola.owner.demo import ALLOW_DEMO_ENV, DEMO_DOMAIN, DEMO_MARKERS
from tests.support import set_setting
from tests.workflow_support import run_task, write

HER = {"name": "Luna Capelli", "domain": "www.lunacapelli.example",
       "address": "Via Roma 12, 10121 Torino (TO)", "phone": "+39 011 000 1234"}
HER_OPTIONS = [f"--{key}={value}" for key, value in HER.items()]
HER_EVENT = ("Title: Serata trecce\nEvent-start: 2027-03-10 18:30\nEvent-duration: 2h\n"
             "Event-mode: offline\nEvent-location: Luna Capelli, Via Roma 12, Torino\n"
             "Summary: Impariamo tre trecce facili.\n\nVi aspettiamo in salone.\n")
HER_DRAFT = "Title: Bozza\nDate: 2026-10-01 10:00\nStatus: draft\nSummary: s\n\nTesto.\n"
HER_SCHEDULED = "Title: Per il 2031\nDate: 2031-01-10 10:00\nSummary: s\n\nTesto.\n"


def owner_run(project: Path, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess:
    """``invoke <arguments>`` as the owner runs it: without the tests' permission to publish the demo."""
    env = {key: value for key, value in os.environ.items() if key != ALLOW_DEMO_ENV}
    return subprocess.run([sys.executable, "-m", "invoke", *arguments], cwd=project, input=stdin,
                          capture_output=True, text=True, timeout=300, env=env)


def publish_to(project: Path, folder: Path) -> None:
    conf = project / "publishconf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('PUBLISH_DIR = ""',
                                                             f"PUBLISH_DIR = {str(folder)!r}"),
                    encoding="utf-8")


def assignments(conf: Path, name: str) -> int:
    return sum(1 for line in conf.read_text(encoding="utf-8").splitlines()
               if re.match(rf"^{name}\s*=", line))


def test_start_with_every_option_then_build_and_publish_leave_nothing_of_the_demo(
        project_copy, tmp_path):
    started = owner_run(project_copy, "start", *HER_OPTIONS, "--language=it")
    assert started.returncode == 0, started.stdout + started.stderr
    assert "Fatto: ora il sito è di Luna Capelli." in started.stdout
    conf = project_copy / "pelicanconf.py"
    for name in ("SITENAME", "SALON", "DEFAULT_LANG", "EVENTS_UID_DOMAIN", "AUTHOR"):
        assert assignments(conf, name) == 1, f"{name} is assigned more than once"
    assert assignments(project_copy / "publishconf.py", "SITEURL") == 1
    assert "# Weekly opening hours" in conf.read_text(encoding="utf-8"), "comments were lost"
    content = project_copy / "content"
    assert [p.relative_to(content).as_posix() for p in content.rglob("*.md")] == ["pages/contatti.md"]
    assert not list((content / "images").rglob("*.*"))

    write(project_copy, "content/events/serata-trecce.md", HER_EVENT)
    write(project_copy, "content/tips/bozza.md", HER_DRAFT)
    write(project_copy, "content/tips/per-il-2031.md", HER_SCHEDULED)
    built = owner_run(project_copy, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    lines = built.stdout.strip().splitlines()
    assert lines[0] == "Controllo i contenuti e genero il sito…"
    assert lines[1].startswith("Fatto: "), "a warning (or Pelican's own line) came before the summary"
    assert lines[2] == "Non pubblicati: 1 bozza."
    assert lines[3].startswith("Il tuo sito è in output: apri output/index.html")
    assert len(lines) == 4 and built.stderr == ""

    target = tmp_path / "online"
    publish_to(project_copy, target)
    published = owner_run(project_copy, "publish")
    assert published.returncode == 0, published.stdout + published.stderr
    assert "Non pubblicati: 1 bozza e 1 consiglio programmato." in published.stdout
    files = [p for p in target.rglob("*") if p.is_file()]
    assert files
    leftovers = {str(p.relative_to(target)): marker for p in files for marker in DEMO_MARKERS
                 if marker.encode() in p.read_bytes()}
    assert leftovers == {}
    pages = [p for p in files if p.suffix == ".html" and p.name != "404.html"]
    assert pages
    for page in pages:
        canonical = html.parse(str(page)).getroot().xpath("//link[@rel='canonical']/@href")
        assert canonical and canonical[0].startswith("https://www.lunacapelli.example/"), page
    calendar = Calendar.from_ical((target / "calendar.ics").read_bytes())
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert uids and all(uid.endswith("@lunacapelli.example") for uid in uids)
    home = (target / "index.html").read_text(encoding="utf-8")
    assert "Luna Capelli" in home and "Via Roma 12" in home and "Parrucchiere a Torino" in home
    # What a host that builds on push runs: her site, with nothing of the demo, builds.
    hosted = owner_run(project_copy, "build", "--settings", "publishconf.py")
    assert hosted.returncode == 0, hosted.stdout + hosted.stderr


def test_publishing_the_demo_as_it_is_refuses_naming_each_setting(project_copy, tmp_path):
    target = tmp_path / "online"
    publish_to(project_copy, target)
    refused = owner_run(project_copy, "publish")
    assert refused.returncode == 1
    assert not target.exists(), "something was sent"
    conf = (project_copy / "pelicanconf.py").read_text(encoding="utf-8").splitlines()
    publishconf = (project_copy / "publishconf.py").read_text(encoding="utf-8").splitlines()

    def line(lines: list[str], text: str) -> int:
        return next(i for i, content in enumerate(lines) if text in content) + 1

    message = "è ancora quello del salone di esempio"
    expected = [("publishconf.py", line(publishconf, "SITEURL ="), "SITEURL"),
                ("pelicanconf.py", line(conf, "SITENAME ="), "SITENAME"),
                ("pelicanconf.py", line(conf, '"phone"'), "SALON.phone"),
                ("pelicanconf.py", line(conf, '"street"'), "SALON.street"),
                ("pelicanconf.py", line(conf, "EVENTS_UID_DOMAIN ="), "EVENTS_UID_DOMAIN"),
                ("pelicanconf.py", line(conf, '"instagram"'), "SALON.social.instagram")]
    for file, number, setting in expected:
        assert f"{file}:{number}: {setting}: {message}" in refused.stderr, (setting, refused.stderr)
    assert "make start" in refused.stderr and "Traceback" not in refused.stderr


def test_publishing_to_a_host_refuses_the_demo_too(project_copy):
    """`--target` is another way to publish: it refuses the demo salon like the folder publish."""
    refused = owner_run(project_copy, "publish", "--target", "netlify", "--dry-run")
    assert refused.returncode == 1, refused.stdout
    assert "è ancora quello del salone di esempio" in refused.stderr, refused.stderr
    assert "netlify deploy" not in refused.stdout, "the dry run got as far as the host's command"


def test_publishing_refuses_pages_that_still_show_the_demo_after_keep_demo(project_copy, tmp_path):
    started = owner_run(project_copy, "start", *HER_OPTIONS, "--keep-demo")
    assert started.returncode == 0, started.stdout + started.stderr
    assert (project_copy / "content" / "pages" / "chi-siamo.md").is_file()
    target = tmp_path / "online"
    publish_to(project_copy, target)
    refused = owner_run(project_copy, "publish")
    assert refused.returncode == 1
    assert "questi file parlano ancora del salone di esempio" in refused.stderr
    assert "\n  content/pages/chi-siamo.md\n" in refused.stderr
    assert not target.exists()


def test_a_host_building_on_push_gets_a_failed_build_while_the_demo_is_left(project_copy):
    """Netlify, GitLab and GitHub run `make build SETTINGS=publishconf.py` on every push and publish
    what it built when it succeeds: the demo salon must fail that build, as it fails `publish`."""
    output = project_copy / "output"
    refused = owner_run(project_copy, "build", "--settings", "publishconf.py")
    assert refused.returncode == 1, refused.stdout
    assert refused.stderr.startswith("Il sito pubblico non è stato generato: le impostazioni "
                                     "descrivono ancora il salone di esempio")
    assert "pelicanconf.py:" in refused.stderr and "SITENAME" in refused.stderr
    assert "Traceback" not in refused.stderr and not output.exists()
    # The preview build is the owner's own: the demo is what she looks at before `make start`.
    assert owner_run(project_copy, "build").returncode == 0

    started = owner_run(project_copy, "start", *HER_OPTIONS, "--keep-demo")
    assert started.returncode == 0, started.stdout + started.stderr
    refused = owner_run(project_copy, "build", "--settings", "publishconf.py")
    assert refused.returncode == 1, refused.stdout
    assert refused.stderr.startswith("Il sito pubblico non può ancora andare online: questi file "
                                     "parlano ancora del salone di esempio")
    assert "\n  content/pages/chi-siamo.md\n" in refused.stderr



def test_start_asks_in_italian_and_asks_again_after_a_wrong_answer(project_copy):
    answers = "\n".join(["", HER["name"], HER["domain"], "Via Roma senza numero",
                         HER["address"], HER["phone"], "n"]) + "\n"
    started = owner_run(project_copy, "start", stdin=answers)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "Nome del salone (es. Luna Capelli)" in started.stdout
    assert "'Via Roma senza numero' non è un indirizzo come: Via Roma 12, 10121 Torino (TO)" in \
        started.stdout
    settings = load_settings(project_copy)
    assert settings["SALON"]["street"] == "Via Roma 12" and settings["SALON"]["region"] == "TO"
    assert settings["DEFAULT_LANG"] == "it"


def test_start_without_an_answer_or_with_a_wrong_option_changes_nothing(project_copy):
    before = {name: (project_copy / name).read_bytes() for name in ("pelicanconf.py", "publishconf.py")}
    wrong = owner_run(project_copy, "start", *HER_OPTIONS[:1], "--domain=lunacapelli", *HER_OPTIONS[2:])
    assert wrong.returncode == 1
    assert "Non è stato cambiato niente: --domain: 'lunacapelli' non è un indirizzo web" in wrong.stdout
    missing = owner_run(project_copy, "start", *HER_OPTIONS[:3])
    assert missing.returncode == 1
    assert "Non è stato cambiato niente: manca --phone" in missing.stdout
    after = {name: (project_copy / name).read_bytes() for name in before}
    assert after == before
    assert (project_copy / "content" / "tips").is_dir() and any((project_copy / "content" / "tips").iterdir())


def test_start_again_changes_only_the_answers_and_never_her_content(project_copy):
    assert owner_run(project_copy, "start", *HER_OPTIONS).returncode == 0
    write(project_copy, "content/tips/mio.md", "Title: Mio\nDate: 2026-10-01\nSummary: s\n\nT.\n")
    replace = [('"whatsapp": ""', '"whatsapp": "+39 333 111 2222"'),
               ('SITESUBTITLE = "Parrucchiere a Torino"', 'SITESUBTITLE = "Il salone di Luna"')]
    conf = project_copy / "pelicanconf.py"
    text = conf.read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text
        text = text.replace(old, new)
    conf.write_text(text, encoding="utf-8")
    again = owner_run(project_copy, "start", *HER_OPTIONS[:3], "--phone=+39 011 999 8888")
    assert again.returncode == 0, again.stdout + again.stderr
    settings = load_settings(project_copy)
    assert settings["SALON"]["phone"] == "+39 011 999 8888"
    assert settings["SALON"]["whatsapp"] == "+39 333 111 2222"
    assert settings["SITESUBTITLE"] == "Il salone di Luna"
    assert (project_copy / "content" / "tips" / "mio.md").is_file()


def test_start_in_english_builds_an_english_site_with_no_warning(project_copy):
    started = owner_run(project_copy, "start", *HER_OPTIONS, "--language=en")
    assert started.returncode == 0, started.stdout + started.stderr
    assert "Done: the site is now Luna Capelli's." in started.stdout
    built = run_task(project_copy, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert [line for line in built.stdout.splitlines() if line.startswith("  ")] == []
    home = (project_copy / "output" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home and "Hair salon in Torino" in home
    assert (project_copy / "output" / "contacts" / "index.html").is_file()
    assert "first tips for your hair are on their way" in home


def test_the_calendar_uid_domain_follows_siteurl_unless_set(project_copy, tmp_path):
    set_setting(project_copy, "EVENTS_UID_DOMAIN", "None")
    output = build(project_copy, "publishconf.py", output_dir=tmp_path / "site").output_dir
    uids = [str(e["UID"]) for e in Calendar.from_ical((output / "calendar.ics").read_bytes()).walk("VEVENT")]
    assert uids and all(uid.endswith(f"@www.{DEMO_DOMAIN}") for uid in uids)
