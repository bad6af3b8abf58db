"""Small helpers every capability needs for what it emits: absolute URLs and safe JSON-LD."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from markupsafe import Markup

# Where `invoke serve` shows the site; used for absolute URLs (feeds, Open Graph) while SITEURL
# is empty during preview. publishconf.py sets SITEURL to the real address.
DEFAULT_PREVIEW_SITEURL = "http://localhost:8000"


def site_base_url(settings: dict[str, Any]) -> str:
    """The absolute address of the site, without a trailing slash."""
    siteurl = settings.get("SITEURL") or ""
    if siteurl.startswith(("http://", "https://")):
        return siteurl.rstrip("/")
    return (settings.get("PREVIEW_SITEURL") or DEFAULT_PREVIEW_SITEURL).rstrip("/")


# Characters a URL may hold as they are (RFC 3986 reserved and unreserved); '%' stays when it
# already starts an escape such as %20.
_URL_SAFE = "/:@!$&'()*+,;=?#[]~-._"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def encoded_url(url: str) -> str:
    """``url`` as a valid URL: spaces, accents and other unsafe characters percent-encoded.

    A phone names its photos ``Foto Mare 2026.JPG``: the address of that file in a feed, an
    Open Graph tag or JSON-LD must be ``Foto%20Mare%202026.JPG``. Escapes already there are kept.
    """
    parts = urlsplit(url)

    def encode(piece: str) -> str:
        return quote(_STRAY_PERCENT.sub("%25", piece), safe=_URL_SAFE + "%")

    return urlunsplit((parts.scheme, parts.netloc, encode(parts.path), encode(parts.query),
                       encode(parts.fragment)))


def absolute_url(settings: dict[str, Any], path_or_url: str) -> str:
    """An absolute, percent-encoded URL for a site path (``consigli/x/``, ``/images/a b.jpg``)
    or an absolute URL."""
    if path_or_url.startswith(("mailto:", "tel:")):
        return path_or_url
    if path_or_url.startswith(("http://", "https://")):
        return encoded_url(path_or_url)
    return encoded_url(urljoin(site_base_url(settings) + "/", path_or_url.lstrip("/")))


def json_for_script(data: Any) -> Markup:
    """JSON safe to put inside ``<script type="application/ld+json">``.

    ``json.dumps`` escapes quotes and control characters; ``<``, ``>`` and ``&`` are escaped too so
    that text such as ``</script>`` in customer content can never close the element.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def whatsapp_url(number: str = "", text: str = "") -> str:
    """A ``wa.me`` link: a chat with ``number``, or with ``text`` only, WhatsApp's share sheet.

    ``number`` is written as the owner likes (``+39 333 123 4567``): wa.me wants the digits alone.
    Neither a number nor a text: no link (``""``), so templates can test it.
    """
    digits = re.sub(r"[^0-9]", "", number or "")
    if not digits and not text:
        return ""
    url = f"https://wa.me/{digits}"
    return f"{url}?text={quote(text, safe='')}" if text else url
