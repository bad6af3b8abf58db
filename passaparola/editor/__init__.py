"""The content editor at /admin/ (Decap CMS): its configuration from the content rules
(:mod:`.config`), the file format it writes (``static/format.js``), and the preview's answers to
it in local mode (:mod:`.backend`, :mod:`.files`, :mod:`.endpoint`, :mod:`.pairing`)."""
