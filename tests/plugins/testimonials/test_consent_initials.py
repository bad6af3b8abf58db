"""`Consent: initials` publishes the initials only ("G. V."), in every file the site is made of.

The owner adds a review with `invoke new-review` in a copy of the demo, writes the customer's words
and builds with `invoke build`; then every published file (pages, addresses, feeds, JSON-LD,
sitemap, the compressed search index) is read for the customer's first name and surname, and the
share card is drawn from the same object the build made.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import extruct
import feedparser
from lxml import html
from pelican import signals

from passaparola.build.driver import build, check
from tests.support import PROJECT
from tests.workflow_support import run_task

FIRST_NAME, SURNAME = "Giorgia", "Verdi"
WORDS = "Taglio perfetto, mi sono sentita ascoltata dall'inizio alla fine."


def add_review(project: Path, *options: str) -> Path:
    """A new review made by the owner's command, with the customer's words in place of the example."""
    done = run_task(project, "new-review", "--reviewer", f"{FIRST_NAME} {SURNAME}", "--rating", "5",
                    "--service", "Taglio", *options)
    assert done.returncode == 0, done.stderr
    path = project / done.stdout.strip()
    text = path.read_text(encoding="utf-8")
    header, _example = text.split("\n\n", 1)
    path.write_text(f"{header}\n\n{WORDS}\n", encoding="utf-8")
    return path


def published_texts(site: Path) -> dict[str, str]:
    """Every published file as text, the search index's compressed files decompressed."""
    texts = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts[str(path.relative_to(site))] = data.decode("utf-8", errors="replace")
    return texts


def test_initials_only_reach_the_page_address_feeds_json_ld_and_search_index(project_copy):
    add_review(project_copy)

    done = run_task(project_copy, "build")
    assert done.returncode == 0, done.stdout + done.stderr

    site = project_copy / "output"
    pages = [p for p in (site / "recensioni").glob("*-g-v/index.html")]
    assert len(pages) == 1, sorted(p.name for p in (site / "recensioni").iterdir())
    doc = html.parse(str(pages[0])).getroot()
    assert [n.text_content() for n in doc.find_class("reviewer")] == ["G. V."]
    address = "/recensioni/" + pages[0].parent.name + "/"

    reviews = [item for item in extruct.extract(pages[0].read_text(encoding="utf-8"),
                                                base_url="http://localhost/",
                                                syntaxes=["json-ld"])["json-ld"]
               if item.get("@type") == "Review"]
    assert [review["author"]["name"] for review in reviews] == ["G. V."]

    authors = []
    for feed_file in ("recensioni/feed.xml", "recensioni/atom.xml", "feed.xml"):
        feed = feedparser.parse((site / feed_file).read_bytes())
        authors += [entry.get("author") for entry in feed.entries if address in entry.link]
    json_feed = json.loads((site / "recensioni" / "feed.json").read_text(encoding="utf-8"))
    authors += [author["name"] for item in json_feed["items"] if address in item["url"]
                for author in item.get("authors", [])]
    assert authors and set(authors) == {"G. V."}, authors

    texts = published_texts(site)
    index = [name for name in texts if name.startswith("pagefind/fragment/")]
    assert any(WORDS[:20] in texts[name] and "G. V." in texts[name] for name in index)
    leaks = sorted(name for name, text in texts.items()
                   if re.search(f"{FIRST_NAME}|{SURNAME}", text, re.IGNORECASE)
                   or re.search(f"{FIRST_NAME}|{SURNAME}", name, re.IGNORECASE))
    assert leaks == []


def test_the_share_card_of_a_review_with_initials_shows_the_initials(project_copy):
    add_review(project_copy)
    captured = {}

    def capture(generators):
        captured["testimonials"] = list(generators[0].context["testimonials"])

    signals.all_generators_finalized.connect(capture)
    try:
        build(project_copy)
    finally:
        signals.all_generators_finalized.disconnect(capture)
    review = next(t for t in captured["testimonials"] if WORDS[:20] in t.text)
    sys.path.insert(0, str(PROJECT / "plugins"))
    try:
        from images.images import card_spec
    finally:
        sys.path.remove(str(PROJECT / "plugins"))

    card = card_spec(review.settings, review, "reviews")

    assert "G. V." in card["kicker"]
    assert FIRST_NAME not in json.dumps(card) and SURNAME not in json.dumps(card)


def test_a_one_word_name_with_initials_is_one_initial(project_copy):
    done = run_task(project_copy, "new-review", "--reviewer", FIRST_NAME, "--rating", "4")
    assert done.returncode == 0, done.stderr
    path = project_copy / done.stdout.strip()
    header, _example = path.read_text(encoding="utf-8").split("\n\n", 1)
    path.write_text(f"{header}\n\n{WORDS}\n", encoding="utf-8")

    site = build(project_copy).output_dir

    pages = [p for p in (site / "recensioni").glob("*/index.html")
             if WORDS[:20] in p.read_text(encoding="utf-8")]
    assert [p.parent.name.rsplit("-", 1)[1] for p in pages] == ["g"]
    assert [n.text_content() for n in html.parse(str(pages[0])).getroot().find_class("reviewer")
            ] == ["G."]


def test_the_name_written_in_a_reply_with_initials_is_an_error_in_check_and_build(project_copy):
    path = add_review(project_copy)
    text = path.read_text(encoding="utf-8").replace("Reply:", f"Reply: Grazie {FIRST_NAME}!")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"Reply: Grazie {FIRST_NAME}!") + 1
    relative = str(path.relative_to(project_copy))

    checked = run_task(project_copy, "check")
    built = run_task(project_copy, "build")

    expected = (f"{relative}:{line}: Reply: contiene '{FIRST_NAME}', parte del nome della persona, "
                "ma Consent è initials")
    assert checked.returncode == 1 and expected in checked.stdout
    assert built.returncode == 1 and expected in built.stderr
    assert not (project_copy / "output").exists()


def test_the_demo_publishes_no_name_beyond_its_consent():
    problems = [p for p in check(PROJECT) if "Consent" in p.message]
    assert problems == []


def test_the_name_in_a_title_or_slug_with_initials_is_an_error_at_its_line(project_copy):
    path = add_review(project_copy)
    text = path.read_text(encoding="utf-8").replace(
        "Title:", f"Title: Il taglio di {FIRST_NAME}\nSlug: recensione-{SURNAME.lower()}", 1)
    path.write_text(text, encoding="utf-8")
    relative = str(path.relative_to(project_copy))
    lines = text.splitlines()

    errors = [str(p) for p in check(project_copy) if p.path == relative and p.level == "error"]

    title_line = next(i for i, line in enumerate(lines, 1) if line.startswith("Title:"))
    assert errors == [
        f"{relative}:{title_line}: Title: contiene '{FIRST_NAME}', parte del nome della persona, "
        "ma Consent è initials: il nome verrebbe pubblicato; scrivilo come permette il consenso "
        "o toglilo",
        f"{relative}:{title_line + 1}: Slug: contiene '{SURNAME.lower()}', parte del nome della "
        "persona, ma Consent è initials: il nome verrebbe pubblicato; scrivilo come permette il "
        "consenso o toglilo"]
