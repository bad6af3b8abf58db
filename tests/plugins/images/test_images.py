"""Published images are private and responsive; every page has complete social meta."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from lxml import html
from PIL import Image, ImageOps

from passaparola.web import DEFAULT_PREVIEW_SITEURL
from tests.support import PROJECT

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
SOURCES = PROJECT / "content" / "images"
# What the demo photos carry (see passaparola/dev/demo_images.py) and no published file may.
# (Short markers such as b"GPS" also occur by chance inside compressed pixels, so the byte scan
# looks for longer ones; GPS tags themselves are checked through Pillow's EXIF reader.)
PRIVATE_MARKERS = (b"Exif\x00\x00", b"http://ns.adobe.com/xap", b"adobe:ns:meta", b"GPSLatitude",
                   b"Demofon", b"SN-0042", b"Pratello")
WIDTHS = [480, 960, 1600]


def published_images(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


def upright_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return ImageOps.exif_transpose(image).size


def test_demo_photos_really_carry_gps_exif_xmp_and_a_comment():
    photos = sorted((SOURCES / "tips").glob("*.jpg"))  # made by passaparola.dev.demo_images
    assert len(photos) >= 5
    for photo in photos:
        with Image.open(photo) as image:
            assert image.getexif().get_ifd(0x8825), photo
            assert "xmp" in image.info and "comment" in image.info, photo


def test_no_published_image_of_any_size_or_format_has_exif_gps_xmp_or_comments(demo_site):
    files = published_images(demo_site)
    assert {p.suffix for p in files} >= {".jpg", ".webp", ".png"}
    assert len(files) >= 5 * 7
    for path in files:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not image.getexif().get_ifd(0x8825), path
            if image.format == "JPEG":  # only the JFIF header: no APP1 (EXIF/XMP), APP2, COM
                assert [marker for marker, _data in image.applist] == ["APP0"], path
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & set(
                image.info), (path, sorted(image.info))
        data = path.read_bytes()
        for marker in PRIVATE_MARKERS:
            assert marker not in data, (path, marker)


def test_published_original_is_a_re_encoded_copy_never_the_raw_file(demo_site):
    sources = sorted(SOURCES.rglob("*.jpg"))
    assert sources, "the demo has photos"
    for source in sources:
        published = demo_site / source.relative_to(PROJECT / "content")
        assert published.is_file(), published
        assert published.read_bytes() != source.read_bytes()
        assert upright_size(published) == upright_size(source)


def test_derivatives_have_the_promised_widths_in_webp_and_jpeg_and_are_never_upscaled(demo_site):
    sources = sorted(SOURCES.rglob("*.jpg"))
    assert sources, "the demo has photos"
    for source in sources:
        width, height = upright_size(source)
        expected = sorted({w for w in WIDTHS if w < width} | ({width} if width <= max(WIDTHS) else set()))
        stem = demo_site / source.relative_to(PROJECT / "content").with_suffix("")
        found = sorted(int(p.name[len(stem.name) + 1:-len("w.webp")])
                       for p in stem.parent.glob(f"{stem.name}-*w.webp"))
        assert found == expected, (source.name, found)
        for w in expected:
            for suffix in (".webp", ".jpg"):
                with Image.open(f"{stem}-{w}w{suffix}") as image:
                    assert image.width == w
                    assert abs(image.height - height * w / width) <= 1
        for derivative in stem.parent.glob(f"{stem.name}-*"):
            with Image.open(derivative) as image:
                assert image.width <= width, derivative


def test_exif_orientation_is_applied_before_resizing(demo_site):
    with Image.open(SOURCES / "tips" / "ricci.jpg") as raw:
        assert raw.width > raw.height and raw.getexif()[0x0112] == 6
    for derivative in (demo_site / "images" / "tips").glob("ricci*"):
        with Image.open(derivative) as image:
            assert image.height > image.width, derivative


def tip_path(site: Path, words: str) -> Path:
    matches = [p for p in (site / "consigli").glob("*/index.html") if words in p.parent.name]
    assert len(matches) == 1, words
    return matches[0]


def tip_page(site: Path, words: str) -> html.HtmlElement:
    return html.parse(str(tip_path(site, words))).getroot()


def existing(site: Path, url: str) -> Path:
    path = site / urlsplit(url).path.lstrip("/")
    assert path.is_file(), url
    return path


def test_cover_is_a_picture_with_webp_srcset_size_and_high_priority(demo_site):
    page = tip_page(demo_site, "colore")
    picture = page.xpath("//picture[contains(@class, 'cover')]")[0]
    source = picture.find("source")
    assert source.get("type") == "image/webp"
    for candidate in source.get("srcset").split(","):
        url, width = candidate.split()
        assert existing(demo_site, url).suffix == ".webp" and width.endswith("w")
    img = picture.xpath(".//img")[0]
    assert (img.get("width"), img.get("height")) == ("2000", "1333")
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    assert img.get("alt").startswith("Ciocche ramate")
    existing(demo_site, img.get("src"))


def test_tip_cards_use_lazy_pictures(demo_site):
    home = html.parse(str(demo_site / "consigli" / "index.html")).getroot()
    images = home.xpath("//article[@class='card']//picture//img")
    assert len(images) >= 4
    for img in images:
        assert img.get("loading") == "lazy" and img.get("decoding") == "async"
        assert img.get("width") and img.get("height") and img.get("sizes")


def test_image_in_a_tip_body_becomes_a_lazy_responsive_picture(demo_site):
    page = tip_page(demo_site, "phon")
    pictures = page.xpath("//div[@class='prose']//picture")
    assert len(pictures) == 1
    img = pictures[0].xpath(".//img")[0]
    assert img.get("loading") == "lazy" and img.get("decoding") == "async"
    assert (img.get("width"), img.get("height")) == ("1600", "1067")
    for url in [c.split()[0] for c in img.get("srcset").split(",")]:
        existing(demo_site, url)
    assert b"</source>" not in tip_path(demo_site, "phon").read_bytes()  # a void element in HTML 5


REQUIRED_PROPERTIES = ("og:title", "og:description", "og:type", "og:url", "og:image",
                       "og:image:width", "og:image:height", "og:image:alt", "og:locale",
                       "og:site_name")
REQUIRED_NAMES = ("twitter:card", "twitter:title", "twitter:image")


def test_every_page_has_complete_open_graph_and_twitter_meta_with_an_existing_image(demo_site):
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        doc = html.parse(str(page)).getroot()
        prop = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
        name = {m.get("name"): m.get("content") for m in doc.xpath("//meta[@name]")}
        for key in REQUIRED_PROPERTIES:
            assert prop.get(key), (page, key)
        for key in REQUIRED_NAMES:
            assert name.get(key), (page, key)
        assert name["twitter:card"] == "summary_large_image"
        english = page.relative_to(demo_site).parts[0] == "en"  # the demo's English pages (issue 23)
        assert prop["og:locale"] == ("en_GB" if english else "it_IT")
        assert prop.get("og:locale:alternate") == ("it_IT" if english else "en_GB"), page
        assert prop["og:type"] in ("article", "website")
        for url in (prop["og:url"], prop["og:image"]):
            assert url.startswith(DEFAULT_PREVIEW_SITEURL + "/"), (page, url)
        with Image.open(existing(demo_site, prop["og:image"])) as image:
            assert image.size == (int(prop["og:image:width"]), int(prop["og:image:height"])), page
            assert image.format in ("JPEG", "PNG")
        if page.name != "404.html":
            canonical = doc.xpath("//link[@rel='canonical']/@href")
            assert canonical == [prop["og:url"]], page
            relative = page.relative_to(demo_site).as_posix()
            assert prop["og:url"].endswith("/" + relative.removesuffix("index.html")), page


def test_tips_without_a_cover_share_a_1200_by_630_card_and_with_one_its_1200_wide_copy(demo_site):
    for index in (demo_site / "consigli").glob("*/index.html"):
        doc = html.parse(str(index)).getroot()
        has_cover = bool(doc.xpath("//picture[contains(@class, 'cover')]"))
        image_url = doc.xpath("//meta[@property='og:image']/@content")[0]
        with Image.open(existing(demo_site, image_url)) as image:
            if has_cover:
                assert image.width == 1200 and "-1200w." in image_url
            else:
                assert image.size == (1200, 630) and "/images/share/" in image_url
    home = html.parse(str(demo_site / "index.html")).getroot()
    assert home.xpath("//meta[@property='og:image']/@content")[0].endswith("/images/share/home.png")


def test_tips_have_plain_share_links_and_no_third_party_script(demo_site):
    page = tip_page(demo_site, "shampoo")
    links = page.xpath("//aside[@class='share']//a/@href")
    hosts = {urlsplit(link).netloc for link in links}
    assert {"wa.me", "www.facebook.com", "x.com", "t.me"} <= hosts
    assert any(link.startswith("mailto:?subject=") for link in links)
    assert all("shampoo-secco" in link for link in links)
    for script in page.xpath("//script[@src]/@src"):
        assert not urlsplit(script).netloc, script


def test_link_in_bio_page_has_booking_whatsapp_and_the_latest_tip(demo_site):
    page = html.parse(str(demo_site / "link" / "index.html")).getroot()
    hrefs = page.xpath("//ul[@class='link-list']//a/@href")
    assert "https://prenota.ciocheribelli.example/" in hrefs
    assert "https://wa.me/393330004127" in hrefs
    latest = "/consigli/acconciatura-da-cerimonia-come-prepararsi-nelle-settimane-prima/"
    assert latest in hrefs
    assert not page.xpath("//img")  # light: nothing to download but the page itself
