"""Building the site: the driver around Pelican, its caches, the output swap, the reports."""
