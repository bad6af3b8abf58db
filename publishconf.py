"""Settings for publishing: the real address of the site. Used by `invoke publish`."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The public address of the site, without a trailing slash. On a host that builds the site itself
# (GitHub Pages, Netlify, Cloudflare Pages, GitLab Pages) the address the host gives the build wins,
# or PASSAPAROLA_SITEURL when set: see passaparola/build/hosting.py.
SITEURL = "https://www.ciocheribelli.example"
RELATIVE_URLS = False

# Scheduled tips (a Date in the future) stay unpublished until a publish on or after that day.
WITH_FUTURE_DATES = False
PREVIEW = False

# Where `invoke publish` sends the site: set ONE of the two.
# - a server, through rsync over SSH: "user@server.example:/var/www/salone/"
PUBLISH_RSYNC_TARGET = ""
# - a folder on this computer (a synced folder, a USB key...), relative to the project or absolute.
#   Files in it that are not part of the site are deleted: use a folder only for the site.
PUBLISH_DIR = ""

# `invoke publish --target cloudflare` sends the site to this Cloudflare Pages project (empty: the
# wrangler command asks). See "Mettere il sito online" in the owner's guide for every host.
PUBLISH_CLOUDFLARE_PROJECT = ""
