"""Small helpers every capability needs for what it emits: absolute URLs and safe JSON-LD."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

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


def absolute_url(settings: dict[str, Any], path_or_url: str) -> str:
    """An absolute URL for a site path (``consigli/x/``, ``/images/a.jpg``) or an absolute URL."""
    if path_or_url.startswith(("http://", "https://", "mailto:", "tel:")):
        return path_or_url
    return urljoin(site_base_url(settings) + "/", path_or_url.lstrip("/"))


def json_for_script(data: Any) -> Markup:
    """JSON safe to put inside ``<script type="application/ld+json">``.

    ``json.dumps`` escapes quotes and control characters; ``<``, ``>`` and ``&`` are escaped too so
    that text such as ``</script>`` in customer content can never close the element.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
