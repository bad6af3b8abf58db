"""Photos written the owner's way are published at valid addresses, never as a broken image.

In a copy of the demo, the owner writes an inline photo without ``{static}`` (``images/tips/x.jpg``,
``/images/tips/x.jpg``, ``../images/tips/x.jpg``) and uses a phone photo named with spaces and
capitals (``Foto Mare 2026.JPG``) as a cover and inline; `invoke build` must publish every
address percent-encoded (img src/srcset, og:image, RSS enclosure and media:content, Atom, JSON
Feed) and each must lead to a published file.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
from lxml import html

from tests.workflow_support import run_task

PHONE_NAME = "Foto Mare 2026.JPG"
# Characters a URL may contain as they are (RFC 3986); anything else must be percent-encoded.
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def demo_photo(project: Path) -> Path:
    photos = sorted((project / "content" / "images" / "tips").glob("*.jpg"))
    assert photos, "the demo has no tip photo"
    return photos[0]


def tip_with(project: Path, header: str, body: str) -> Path:
    """The demo tip with an extra header line and extra body lines, as the owner would edit it."""
    tips = sorted((project / "content" / "tips").glob("*.md"))
    assert tips
    tip = tips[0]
    head, rest = tip.read_text(encoding="utf-8").split("\n\n", 1)
    head = "\n".join(line for line in head.splitlines()
                     if not line.startswith(("Image:", "Image_alt:")))
    tip.write_text(f"{head}\n{header}\n\n{rest}\n{body}\n", encoding="utf-8")
    return tip


def page_of(site: Path, tip: Path) -> Path:
    title = tip.read_text(encoding="utf-8").splitlines()[0].removeprefix("Title: ")
    pages = [p for p in (site / "consigli").glob("*/index.html")
             if title in (html.parse(str(p)).getroot().findtext(".//h1") or "")]
    assert len(pages) == 1
    return pages[0]


def image_addresses(page: Path) -> list[str]:
    doc = html.parse(str(page)).getroot()
    addresses = [img.get("src") for img in doc.iter("img")]
    for element in doc.xpath("//img[@srcset] | //source[@srcset]"):
        addresses += [part.strip().split(" ")[0] for part in element.get("srcset").split(",")]
    return addresses


def assert_published(site: Path, addresses: list[str]) -> None:
    """Each address is a valid URL whose decoded path is a file of the built site."""
    assert addresses
    for address in addresses:
        assert URL_CHARACTERS.fullmatch(address), f"not a valid URL: {address!r}"
        path = unquote(urlsplit(address).path).lstrip("/")
        assert (site / path).is_file(), f"{address} leads to no published file"


def test_inline_photos_written_without_static_are_published_not_broken(project_copy):
    photo = demo_photo(project_copy).name
    tip = tip_with(project_copy, "", f"![Uno](images/tips/{photo})\n\n![Due](/images/tips/{photo})\n\n"
                                     f"![Tre](../images/tips/{photo})\n\n"
                                     f'<img src="images/tips/{photo}" alt="Quattro">')

    done = run_task(project_copy, "build")
    assert done.returncode == 0, done.stdout + done.stderr

    site = project_copy / "output"
    doc = html.parse(str(page_of(site, tip))).getroot()
    inline = [img for img in doc.iter("img") if img.get("alt") in ("Uno", "Due", "Tre", "Quattro")]
    assert sorted(img.get("alt") for img in inline) == ["Due", "Quattro", "Tre", "Uno"]
    assert all(img.xpath("ancestor::picture") for img in inline)
    assert_published(site, image_addresses(page_of(site, tip)))


def test_an_inline_photo_that_does_not_exist_is_the_same_error_in_check_and_build(project_copy):
    tip = tip_with(project_copy, "", "![Prima e dopo](images/tips/prima-e-dopo.jpg)")
    line = tip.read_text(encoding="utf-8").splitlines().index(
        "![Prima e dopo](images/tips/prima-e-dopo.jpg)") + 1
    relative = tip.relative_to(project_copy)

    checked = run_task(project_copy, "check")
    built = run_task(project_copy, "build")

    expected = (f"{relative}:{line}: body: l'immagine 'images/tips/prima-e-dopo.jpg' non esiste "
                "(i percorsi partono da content/")
    assert checked.returncode == 1 and expected in checked.stdout
    assert built.returncode == 1 and expected in built.stderr


def test_a_phone_photo_named_with_spaces_gets_percent_encoded_addresses_everywhere(project_copy):
    shutil.copy(demo_photo(project_copy), project_copy / "content" / "images" / "tips" / PHONE_NAME)
    tip = tip_with(project_copy, f"Image: images/tips/{PHONE_NAME}\nImage_alt: Il mare in estate",
                   f"![Ancora il mare]({{static}}/images/tips/{PHONE_NAME})")

    done = run_task(project_copy, "build")
    assert done.returncode == 0, done.stdout + done.stderr

    site = project_copy / "output"
    page = page_of(site, tip)
    page_addresses = image_addresses(page)
    assert any("Foto%20Mare%202026" in a for a in page_addresses)
    og_image = html.parse(str(page)).getroot().xpath("//meta[@property='og:image']/@content")
    assert len(og_image) == 1 and "Foto%20Mare%202026" in og_image[0]

    page_url = "/consigli/" + page.parent.name + "/"
    feed_addresses = []
    for name in ("consigli/feed.xml", "consigli/atom.xml", "feed.xml", "atom.xml"):
        for entry in feedparser.parse((site / name).read_bytes()).entries:
            if entry.link.endswith(page_url):
                feed_addresses += [link.href for link in entry.get("links", [])
                                   if link.get("rel") == "enclosure"]
                feed_addresses += [media["url"] for media in entry.get("media_content", [])]
    for name in ("consigli/feed.json", "feed.json"):
        for item in json.loads((site / name).read_text(encoding="utf-8"))["items"]:
            if item["url"].endswith(page_url):
                feed_addresses.append(item["image"])
                feed_addresses += [a["url"] for a in item.get("attachments", [])]
    assert any("Foto%20Mare%202026" in a for a in feed_addresses), feed_addresses
    assert_published(site, page_addresses + og_image + feed_addresses)
