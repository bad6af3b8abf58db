"""Links gate: every internal link of every built page resolves; external links are only listed."""

from __future__ import annotations

from passaparola.dev.quality.links import check_links, srcset_urls
from passaparola.dev.quality.site import page_paths
from tests.support import html_page


def test_every_internal_link_image_feed_and_anchor_of_the_demo_site_resolves(demo_site):
    report = check_links(demo_site)

    assert report.pages == len(page_paths(demo_site))
    assert report.links_checked > report.pages
    assert report.broken == [], "\n".join(report.broken)


def test_external_links_are_listed_with_the_pages_that_use_them_and_never_fetched(demo_site):
    report = check_links(demo_site)

    # The demo's booking link and social profiles are on every page, in the header and footer.
    assert report.external
    for url, pages in report.external.items():
        assert url.startswith(("http://", "https://")), url
        assert pages, url
    assert not any(url.startswith(("mailto:", "tel:")) for url in report.external)


def test_link_checker_reports_missing_pages_images_srcset_entries_feeds_calendars_and_anchors(bad_site):
    bad_site("index.html", html_page(
        '<p id="here"><a href="/esiste/">ok</a> <a href="/esiste/#titolo">ok</a> <a href="#here">ok</a>'
        ' <a href="esiste">ok: a folder</a> <a href="mailto:ciao@example.org">ok</a>'
        ' <a href="https://example.org/x">external</a></p>'
        '<a href="/manca/">missing page</a>'
        '<a href="/esiste/#nessuno">missing anchor</a>'
        '<a href="#altrove">missing anchor here</a>'
        '<img src="/img/manca.jpg" alt="missing image">'
        '<img src="/img/c.jpg" srcset="/img/c.jpg 1x, /img/manca-2x.jpg 2x" alt="missing srcset entry">'
        '<a href="/calendario/eventi.ics">missing calendar</a>',
        head='<link rel="alternate" type="application/atom+xml" href="/feeds/manca.atom.xml">'
             '<link rel="stylesheet" href="/theme/manca.css">'))
    bad_site("esiste/index.html", html_page('<h1 id="titolo">Esiste</h1>'))
    bad_site("img/c.jpg", "not really a jpeg, but a file")

    report = check_links(bad_site.root)

    broken = "\n".join(report.broken)
    for missing in ("/manca/", "/esiste/#nessuno", "#altrove", "/img/manca.jpg", "/img/manca-2x.jpg",
                    "/calendario/eventi.ics", "/feeds/manca.atom.xml", "/theme/manca.css"):
        assert repr(missing) in broken, missing
    assert len(report.broken) == 8, broken
    assert list(report.external) == ["https://example.org/x"]


def test_links_to_the_sites_own_absolute_address_are_checked_as_internal(bad_site):
    bad_site("index.html", html_page('<a href="https://salone.example/blog/manca/">x</a>'
                                     '<a href="https://salone.example/blog/">home</a>'))

    report = check_links(bad_site.root, site_url="https://salone.example/blog")

    assert report.broken == ["/: <a href> 'https://salone.example/blog/manca/' points to no built file"]
    assert report.external == {}


def test_srcset_candidates_are_read_with_their_descriptors_dropped():
    assert srcset_urls("/a-400.jpg 400w, /a-800.jpg 800w,/a.jpg") == ["/a-400.jpg", "/a-800.jpg", "/a.jpg"]
