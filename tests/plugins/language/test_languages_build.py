"""A translation written as the owner writes it: what it leaves out comes from the original."""

from __future__ import annotations

import re

from lxml import html

from passaparola.build.driver import build, check


def test_an_event_translation_without_price_and_status_takes_the_originals(project_copy):
    translation = project_copy / "content" / "events" / "laboratorio-trecce.en.md"
    text = translation.read_text(encoding="utf-8")
    shorter = re.sub(r"^(Event-price|Event-status|Event-previous-start): .*\n", "", text, flags=re.M)
    assert shorter.count("\n") == text.count("\n") - 3
    translation.write_text(shorter, encoding="utf-8")
    assert [p for p in check(project_copy) if p.level == "error"] == []
    site = build(project_copy).output_dir
    page = html.parse(str(site / "en" / "events" / "braiding-workshop-for-parents" / "index.html"))
    text = " ".join(page.getroot().text_content().split())
    assert "€15.00" in text
    assert "Rescheduled" in text and "January 14, 2027" in text


def test_each_language_keeps_its_own_addresses_record_and_redirects(project_copy):
    build(project_copy)
    italian_record = (project_copy / "published-addresses.json").read_text(encoding="utf-8")
    english_record = (project_copy / "published-addresses.en.json").read_text(encoding="utf-8")
    assert "about-us" in english_record and "about-us" not in italian_record
    about = project_copy / "content" / "pages" / "chi-siamo.en.md"
    about.write_text(about.read_text(encoding="utf-8").replace("Slug: about-us", "Slug: who-we-are"),
                     encoding="utf-8")
    site = build(project_copy).output_dir
    rules = (site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/en/about-us/ /en/who-we-are/ 301" in rules
    assert "/en/* /en/404.html 404" in rules and rules[-1] == "/en/* /en/404.html 404"
    assert not [rule for rule in rules if rule.startswith("/chi-siamo/")]  # Italian: not moved
    assert (site / "en" / "about-us" / "index.html").is_file()  # the page that sends visitors on
    assert (project_copy / "published-addresses.json").read_text(encoding="utf-8") == italian_record
    assert not (site / "en" / "_redirects").exists() and not (site / "en" / "robots.txt").exists()
