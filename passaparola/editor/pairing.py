"""How a browser gets to the editor: the address with this run's token, in the terminal.

On the owner's computer the address is ``http://localhost:8000/admin/?token=…``. With
``invoke serve --lan`` the preview also answers on the computer's wifi address, and the
terminal shows that address as a QR code: the owner points her phone's camera at it.
"""

from __future__ import annotations

import io
import socket
from collections.abc import Callable

import segno

from passaparola.editor.endpoint import EditorEndpoint


def lan_address() -> str:
    """This computer's address on its local network (the one its traffic leaves from)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            # A UDP "connection" sends nothing: it only picks the interface a packet would use.
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def qr_text(url: str) -> str:
    """The address as a QR code drawn with characters, for a terminal."""
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue().rstrip("\n")


def announce(editor: EditorEndpoint, lan: str | None, echo: Callable[[str], None],
             gettext: Callable[[str], str]) -> None:
    """Print the editor's address (and, with ``lan``, the phone's address and its QR code)."""
    _ = gettext
    echo(_("Editor: {url} (this address is valid until the preview stops)").format(
        url=editor.admin_url()))
    if lan:
        url = editor.admin_url(lan)
        echo(_("On a phone on the same wifi, open {url} or scan this code:").format(url=url))
        echo(qr_text(url))
