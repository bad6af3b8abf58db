"""What a Passaparola project is made of: which folders and files belong to it, and why.

One list, :data:`PROJECT_PARTS`, and the named subsets each job needs: what a build reads (so an
unchanged project is not rebuilt), what the preview watches, what keys the build's caches, what a
copy of the project needs to build on its own (tests, benchmarks). Where a subset leaves a part
out, its comment says why.
"""

from __future__ import annotations

# Every part of a project, relative to its folder, with why it belongs.
PROJECT_PARTS: dict[str, str] = {
    "content": "the owner's texts and photos: what the site says",
    "theme": "templates, styles and translations: how the site looks",
    "plugins": "the Pelican plugins: how pages, feeds, images and calendars are made",
    "passaparola": "this package: the content rules, the build driver, the shared helpers",
    "pelicanconf.py": "the owner's settings (the preview and `make build` use them)",
    "publishconf.py": "the settings of the public site, on top of pelicanconf.py",
    "requirements.txt": "the pinned libraries: a new version may write other bytes",
    "published-addresses.json": "the addresses already published, so a renamed page keeps its old one",
    "published-addresses.en.json": "the same for the English pages of a site in two languages",
    "tasks.py": "the owner's commands (invoke)",
    "babel.cfg": "where the translatable strings are (invoke translations)",
    "pyproject.toml": "the tools' settings (pytest, ruff)",
}
# Not parts a build or a copy needs: netlify.toml (read by the host, see tests/hosting_support.py),
# the Makefile and package.json (they install the tools), docs/ and tests/.

# What a build reads besides the record of published addresses (which the build itself updates,
# so it is fingerprinted apart) and the commands' and tools' files (they do not change the site).
BUILD_INPUT_FOLDERS = ("content", "theme", "plugins", "passaparola")
BUILD_INPUT_FILES = ("pelicanconf.py", "publishconf.py", "requirements.txt")

# What the preview rebuilds on: the build's inputs, but of the files only pelicanconf.py. The
# preview never builds with publishconf.py, and a new requirements.txt changes nothing until
# `make` installs it (the running preview keeps the libraries it imported).
PREVIEW_WATCHED_FOLDERS = BUILD_INPUT_FOLDERS
PREVIEW_WATCHED_FILES = ("pelicanconf.py",)

# The files that key the build's caches (with the settings file in use, the theme, the plugins
# and this package, found through the settings). Not the content: the caches key it file by file
# (reading) and page by page (rendering).
CACHE_KEY_FILES = ("requirements.txt", "pelicanconf.py", "publishconf.py")

# A copy of the project that builds, checks and runs the owner's commands on its own: every part.
COPY_PARTS = tuple(PROJECT_PARTS)

