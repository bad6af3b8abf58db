"""Signals of Passaparola's own, beside Pelican's, for plugins that take part in the preview."""

from blinker import signal

# Sent by the preview's fast render (passaparola.preview.fast_render) when it gives a content object a body
# read again from its file, with everything else kept from the last complete build. Receivers
# redo what they did to bodies at build time, as send(obj, context=..., settings=...); one that
# cannot (say, the body now shows an image the build never published) returns False, and the
# edit waits for the complete rebuild instead.
content_body_replaced = signal("passaparola-content-body-replaced")
