"""The kit's printables: an A5 flyer per event and an A6 review card for the counter.

PDFs are written with fpdf2: text stays vector text in the theme's fonts (embedded, subset),
and the QR codes (segno) are drawn as vector squares, so both print sharp at any size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import segno
from fpdf import FPDF

from passaparola.kit.images import Brand
from passaparola.kit.items import KitItem
from passaparola.kit.wrapping import wrap_words

FONT = "KitSans"
# A fixed creation date keeps an unchanged PDF byte for byte the same.
CREATION_DATE = datetime(2000, 1, 1, tzinfo=UTC)
A5 = (148.0, 210.0)  # mm, ISO 216
A6 = (105.0, 148.0)
QR_BORDER = 4  # modules of white around the code, as the QR standard asks


@dataclass
class Contacts:
    """The salon's details printed at the foot of a flyer."""

    name: str
    address: str
    phone: str
    email: str
    website: str


def contacts_from(settings: dict[str, Any], website: str) -> Contacts:
    salon = settings.get("SALON") or {}
    address = ", ".join(filter(None, [salon.get("street", ""), " ".join(filter(None, [
        salon.get("postcode", ""), salon.get("city", "")]))]))
    return Contacts(name=salon.get("name") or settings.get("SITENAME", ""), address=address,
                    phone=salon.get("phone", ""), email=salon.get("email", ""),
                    website=website.split("://", 1)[-1].rstrip("/"))


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _document(size: str | tuple[float, float], brand: Brand, title: str) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format=size)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font(FONT, "", brand.font)
    pdf.add_font(FONT, "B", brand.font_bold)
    pdf.set_title(title)
    pdf.set_author(brand.salon)
    pdf.set_creator("Passaparola")
    pdf.set_creation_date(CREATION_DATE)
    pdf.add_page()
    return pdf


def draw_qr(pdf: FPDF, data: str, x: float, y: float, size: float, color: str) -> None:
    """A QR code of ``data`` as vector squares, ``size`` mm wide (quiet zone included)."""
    code = segno.make(data, error="m")
    rows = list(code.matrix_iter(border=QR_BORDER))
    module = size / len(rows)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(*_rgb(color))
    for row_index, row in enumerate(rows):
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                # A run of dark modules is one rectangle (slightly overlapping the next row,
                # so no hairline gap shows between rows in a PDF viewer).
                pdf.rect(x + start * module, y + row_index * module, (column - start) * module,
                         module * 1.02, style="F")
            else:
                column += 1


def fitted_lines(pdf: FPDF, text: str, width: float, sizes: range, max_lines: int,
                 bold: bool = True) -> tuple[int, list[str]]:
    """The largest font size in ``sizes`` at which ``text`` wraps between words into at most
    ``max_lines`` lines of ``width`` mm, with those lines."""
    style = "B" if bold else ""
    lines: list[str] = []
    for size in sizes:
        pdf.set_font(FONT, style, size)
        if any(pdf.get_string_width(word) > width for word in text.split()):
            continue
        lines = wrap_words(text, pdf.get_string_width, width, long_words=True)
        if len(lines) <= max_lines:
            return size, lines
    return size, lines[:max_lines]


def _lines(pdf: FPDF, lines: list[str], x: float, y: float, width: float, height: float,
           align: str = "L") -> float:
    for line in lines:
        pdf.set_xy(x, y)
        pdf.cell(width, height, line, align=align)
        y += height
    return y


def _paragraph(pdf: FPDF, text: str, x: float, y: float, width: float, size: float,
               bold: bool = False, max_lines: int = 6, align: str = "L") -> float:
    pdf.set_font(FONT, "B" if bold else "", size)
    lines = wrap_words(text, pdf.get_string_width, width, long_words=True)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,;:.") + " …"
    return _lines(pdf, lines, x, y, width, size * 0.48, align)


MIN_ADDRESS_SIZE = 6.5  # pt: below this nobody reads, let alone types, an address


def _fitted_cell(pdf: FPDF, text: str, x: float, y: float, width: float, size: float,
                 align: str = "L") -> None:
    """One line of ``text`` in the largest size up to ``size`` that fits ``width``; left out
    when even MIN_ADDRESS_SIZE is too big (an address is never wrapped or cut: people type it,
    and the QR code beside it carries it anyway)."""
    pdf.set_font(FONT, "", size)
    while pdf.get_string_width(text) > width and size > MIN_ADDRESS_SIZE:
        size -= 0.5
        pdf.set_font(FONT, "", size)
    if pdf.get_string_width(text) > width:
        return
    pdf.set_xy(x, y)
    pdf.cell(width, size * 0.45, text, align=align)


def flyer(item: KitItem, brand: Brand, contacts: Contacts, labels: dict[str, str]) -> bytes:
    """An A5 flyer of an event: title, when in words, where or how to join, price, QR, contacts."""
    facts = item.event
    assert facts is not None, "only events have a flyer"
    pdf = _document(A5, brand, item.title)
    page_width, page_height = pdf.w, pdf.h
    margin = 14.0
    width = page_width - 2 * margin
    ink, primary, accent = _rgb(brand.ink), _rgb(brand.primary), _rgb(brand.accent)

    pdf.set_fill_color(*primary)
    pdf.rect(0, 0, page_width, 26, style="F")
    pdf.set_fill_color(*accent)
    pdf.rect(0, 26, page_width, 1.6, style="F")
    pdf.set_text_color(*_rgb(brand.paper))
    pdf.set_font(FONT, "B", 15)
    pdf.set_xy(margin, 8)
    pdf.cell(width, 7, contacts.name, align="C")
    pdf.set_font(FONT, "", 10)
    pdf.set_xy(margin, 16)
    pdf.cell(width, 5, labels["event"].upper(), align="C")

    y = 36.0
    if facts.status_label:
        pdf.set_text_color(*primary)
        pdf.set_font(FONT, "B", 14)
        pdf.set_xy(margin, y)
        pdf.cell(width, 7, facts.status_label.upper())
        y += 9
    size, title_lines = fitted_lines(pdf, item.title, width, range(28, 13, -1), max_lines=4)
    pdf.set_text_color(*ink)
    pdf.set_font(FONT, "B", size)
    y = _lines(pdf, title_lines, margin, y, width, size * 0.45) + 4

    pdf.set_text_color(*primary)
    y = _paragraph(pdf, facts.date_words[:1].upper() + facts.date_words[1:], margin, y, width, 14,
                   bold=True, max_lines=2)
    pdf.set_text_color(*ink)
    y = _paragraph(pdf, facts.time_words or labels["all_day"], margin, y + 1, width, 13) + 3
    if facts.mode in ("offline", "mixed"):
        place = facts.location or contacts.address
        y = _paragraph(pdf, labels["where"].format(place=place), margin, y, width, 12, max_lines=3)
    if facts.mode in ("online", "mixed"):
        how = (labels["online_join"].format(url=facts.online_url) if facts.online_url
               else labels["online_page"])
        y = _paragraph(pdf, how, margin, y + 1, width, 12, max_lines=3)
    if facts.price_label:
        y = _paragraph(pdf, labels["price"].format(price=facts.price_label), margin, y + 1, width,
                       11, bold=True)

    qr_size = 46.0
    footer_top = page_height - 30
    qr_y = footer_top - qr_size - 4
    summary_bottom = qr_y - 3
    if item.summary and summary_bottom - y > 12:
        pdf.set_text_color(*ink)
        lines_room = int((summary_bottom - y - 3) / (10.5 * 0.48))
        _paragraph(pdf, item.summary, margin, y + 3, width, 10.5, max_lines=max(1, lines_room))
    draw_qr(pdf, item.url, margin, qr_y, qr_size, brand.ink)
    pdf.set_text_color(*ink)
    text_x = margin + qr_size + 5
    _paragraph(pdf, labels["scan_event"], text_x, qr_y + 10, width - qr_size - 5, 11, bold=True,
               max_lines=3)
    _fitted_cell(pdf, item.url.split("://", 1)[-1], text_x, qr_y + qr_size - 8,
                 width - qr_size - 5, 9)

    _footer(pdf, contacts, brand, footer_top, margin)
    return bytes(pdf.output())


def _footer(pdf: FPDF, contacts: Contacts, brand: Brand, top: float, margin: float) -> None:
    pdf.set_fill_color(*_rgb(brand.primary))
    pdf.rect(0, top, pdf.w, pdf.h - top, style="F")
    pdf.set_text_color(*_rgb(brand.paper))
    lines = [contacts.name, contacts.address,
             "  ·  ".join(filter(None, [contacts.phone, contacts.email])), contacts.website]
    y = top + 4
    for index, line in enumerate(line for line in lines if line):
        pdf.set_font(FONT, "B" if index == 0 else "", 10 if index == 0 else 9)
        pdf.set_xy(margin, y)
        pdf.cell(pdf.w - 2 * margin, 5, line, align="C")
        y += 5.2


def review_card(target: str, brand: Brand, contacts: Contacts, labels: dict[str, str]) -> bytes:
    """An A6 card for the counter: an invitation to review and a QR code to ``target``."""
    pdf = _document(A6, brand, labels["review_heading"])
    page_width = pdf.w
    margin = 10.0
    width = page_width - 2 * margin
    pdf.set_fill_color(*_rgb(brand.primary))
    pdf.rect(0, 0, page_width, 40, style="F")
    pdf.set_fill_color(*_rgb(brand.accent))
    pdf.rect(0, 40, page_width, 1.4, style="F")
    pdf.set_text_color(*_rgb(brand.paper))
    # "Ti è piaciuto?" on a line of its own, the invitation below it.
    heading = labels["review_heading"].replace("? ", "?\n")
    size, lines = fitted_lines(pdf, heading, width, range(20, 10, -1), 2)
    pdf.set_font(FONT, "B", size)
    _lines(pdf, lines, margin, 20 - len(lines) * size * 0.45 / 2, width, size * 0.45, align="C")
    pdf.set_text_color(*_rgb(brand.accent))
    pdf.set_font(FONT, "B", 16)
    pdf.set_xy(margin, 47)
    pdf.cell(width, 7, "★★★★★", align="C")
    qr_size = 56.0
    draw_qr(pdf, target, (page_width - qr_size) / 2, 57, qr_size, brand.ink)
    pdf.set_text_color(*_rgb(brand.ink))
    y = _paragraph(pdf, labels["scan_review"], margin, 57 + qr_size + 3, width, 10, align="C",
                   max_lines=2)
    pdf.set_font(FONT, "B", 11)
    pdf.set_xy(margin, y + 2)
    pdf.cell(width, 5, contacts.name, align="C")
    _fitted_cell(pdf, target.split("://", 1)[-1], margin, y + 8, width, 8, align="C")
    return bytes(pdf.output())
