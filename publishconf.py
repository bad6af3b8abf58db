"""Settings for publishing: the real address of the site. Used by `invoke publish`."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The public address of the site, without a trailing slash.
SITEURL = "https://www.ciocheribelli.example"
RELATIVE_URLS = False
