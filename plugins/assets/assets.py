"""Theme assets written once, with a content hash in their names.

The stylesheets in ``theme/assets/css/`` are joined, in file-name order, into one ``site.css``
(one render-blocking request), preceded by the ``BRAND_COLORS`` setting as CSS custom properties
(``--brand-primary``...) and the dark scheme derived from them (``--brand-dark-primary``..., see
:func:`passaparola.colors.dark_scheme`);
the scripts in ``theme/assets/js/`` are joined into one ``site.js`` (loaded with ``defer``).
Each capability keeps its own file (``40-events.css``), so they never edit the same one.
Files are written to ``/theme/<name>.<hash>.<ext>``: a host may cache them for a year (see the
``_headers`` file), and a changed file gets a new URL. Templates call ``asset_url("site.css")``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from passaparola.colors import brand_colors, dark_scheme
from passaparola.i18n import site_languages

ASSETS_FOLDER = "assets"
OUTPUT_FOLDER = "theme"
BUNDLES = {"site.css": "css", "site.js": "js"}
_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
# Files of a capability a site may not use, and when it does: left out otherwise, so that a site
# in one language is built byte for byte as before the language switcher existed.
USED_WHEN: dict[str, Callable[[dict[str, Any]], bool]] = {
    "15-languages.css": lambda settings: len(site_languages(settings)) > 1,
}


def brand_css(settings: dict[str, Any]) -> str:
    """The brand colours and their dark scheme as CSS custom properties (``--brand-primary``...)."""
    colors = settings.get("BRAND_COLORS") or {}
    lines = []
    for name, value in sorted(colors.items()):
        if not _COLOR.match(str(value)) or not re.fullmatch(r"[a-z][a-z0-9-]*", name):
            raise ValueError(f"BRAND_COLORS[{name!r}] must be a colour like '#8c2f57', not {value!r}")
        lines.append(f"  --brand-{name}: {value};")
    # The dark scheme (theme/assets/css/10-base.css) reads these inside its media query.
    for name, value in dark_scheme(brand_colors(colors)).items():
        lines.append(f"  --brand-dark-{name}: {value};")
    return ":root {\n" + "\n".join(lines) + "\n}\n" if lines else ""


def bundle(settings: dict[str, Any]) -> dict[str, tuple[str, bytes]]:
    """Each bundle's name -> (its fingerprinted path in the output, its bytes)."""
    folder = Path(settings["THEME"]) / ASSETS_FOLDER
    assets = {}
    for name, subfolder in BUNDLES.items():
        suffix = Path(name).suffix
        parts = [p.read_bytes() for p in sorted((folder / subfolder).glob(f"*{suffix}"))
                 if USED_WHEN.get(p.name, lambda _settings: True)(settings)]
        if name == "site.css":
            parts.insert(0, brand_css(settings).encode())
        data = b"\n".join(parts)
        digest = hashlib.sha256(data).hexdigest()[:10]
        assets[name] = (f"{OUTPUT_FOLDER}/{Path(name).stem}.{digest}{suffix}", data)
    return assets


def provide_asset_urls(generator) -> None:
    """Give templates ``asset_url(name)``; computed once per build and kept in the shared context."""
    context = generator.context
    if "ASSET_PATHS" not in context:
        context["ASSET_PATHS"] = {name: path for name, (path, _) in bundle(generator.settings).items()}
    paths = context["ASSET_PATHS"]
    siteurl = generator.settings.get("SITEURL", "")

    def asset_url(name: str) -> str:
        return f"{siteurl}/{paths[name]}"

    generator.env.globals["asset_url"] = asset_url


def write_assets(pelican) -> None:
    """Write the fingerprinted bundles into the output folder."""
    output = Path(pelican.output_path)
    for path, data in bundle(pelican.settings).values():
        target = output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
