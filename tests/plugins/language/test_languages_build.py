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
