"""A deterministic synthetic salon corpus, for benchmarks and stress tests.

The same ``items`` and ``seed`` always give the same files, byte for byte: 70% tips of about 600
words, 10% events (a tenth of them recurring), 20% testimonials and one 2000x1333 JPEG per ten
items, used as tips' cover images.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

_WORDS = (
    "capelli", "taglio", "colore", "piega", "ricci", "lisci", "punte", "radici", "cute", "shampoo",
    "balsamo", "maschera", "idratazione", "volume", "lucentezza", "riflessi", "biondo", "castano",
    "rame", "frangia", "scalato", "caschetto", "spazzola", "phon", "piastra", "diffusore", "sole",
    "inverno", "estate", "salsedine", "cloro", "cheratina", "olio", "siero", "nodi", "crespo",
    "morbidezza", "forza", "crescita", "nutrimento", "trattamento", "salone", "appuntamento",
    "consiglio",
)
_TAGS = ("colore", "ricci", "cura", "styling", "prodotti", "estate", "inverno", "taglio")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def tip_markdown(index: int, rng: random.Random, words: int = 600) -> str:
    """A tip of about ``words`` words with headings, lists, links and bold text."""
    date = datetime(2020, 1, 1, 9, 0) + timedelta(hours=13 * index)
    tags = ", ".join(sorted(rng.sample(_TAGS, 2)))
    parts = [f"Title: Consiglio numero {index}: {rng.choice(_WORDS)} e {rng.choice(_WORDS)}",
             f"Date: {date:%Y-%m-%d %H:%M}", f"Tags: {tags}",
             f"Summary: {_sentence(rng, 14)}", "Author: Marta Lanzoni", ""]
    written = 0
    section = 0
    while written < words:
        section += 1
        parts += [f"## Parte {section}", "", _paragraph(rng, 4), ""]
        parts += [f"- **{rng.choice(_WORDS)}**: {_sentence(rng, 8)}" for _ in range(3)] + [""]
        parts += [f"Leggi anche [il consiglio {max(index - 1, 0)}](/consigli/) per saperne di più.", ""]
        written += 4 * 12 + 3 * 9 + 8
    return "\n".join(parts)


def write_tips(content_dir: Path, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` synthetic tips into ``content_dir/tips/synthetic-NNNNN.md``."""
    rng = random.Random(seed)
    folder = content_dir / "tips"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(count):
        path = folder / f"synthetic-{index:05d}.md"
        path.write_text(tip_markdown(index, rng), encoding="utf-8")
        written.append(path)
    return written


_SERVICES = ("Taglio", "Colore", "Piega", "Trattamento")
_FIRST_NAMES = ("Anna", "Giulia", "Paolo", "Sara", "Elena", "Marco", "Chiara", "Luisa", "Davide")
_LAST_NAMES = ("Rossi", "Bianchi", "Ferri", "Galli", "Conti", "Neri", "Fabbri", "Monti")
_CONSENTS = ("full-name", "initials", "anonymous")
_SOURCES = ("in-salon", "google", "facebook", "instagram", "email")
IMAGE_SIZE = (2000, 1333)


@dataclass
class Corpus:
    """What :func:`write_corpus` wrote, by kind (paths)."""

    tips: list[Path] = field(default_factory=list)
    events: list[Path] = field(default_factory=list)
    testimonials: list[Path] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)

    @property
    def items(self) -> int:
        """Content items written (images are not items)."""
        return len(self.tips) + len(self.events) + len(self.testimonials)


def event_markdown(index: int, rng: random.Random) -> str:
    """An event with the fields of the events capability; every tenth one recurs monthly."""
    start = datetime(2025, 1, 7, 18, 0) + timedelta(days=3 * index)
    mode = ("offline", "online", "mixed")[index % 3]
    lines = [f"Title: Serata {index}: {rng.choice(_WORDS)} e {rng.choice(_WORDS)}",
             f"Date: {start - timedelta(days=20):%Y-%m-%d %H:%M}",
             f"Summary: {_sentence(rng, 12)}",
             f"Event-start: {start:%Y-%m-%d %H:%M}", "Event-duration: 2h", f"Event-mode: {mode}"]
    if mode in ("offline", "mixed"):
        lines.append("Event-location: Salone Ciocche Ribelli, Via del Pratello 41/B, 40122 Bologna")
    if mode in ("online", "mixed"):
        lines.append(f"Event-url: https://video.ciocheribelli.example/serata-{index}")
    if index % 10 == 0:
        lines.append("Event-rrule: FREQ=MONTHLY;COUNT=6")
    lines.append(f"Event-price: {(index % 4) * 10}")
    return "\n".join(lines + ["", _paragraph(rng, 3), "", _paragraph(rng, 2), ""])


def testimonial_markdown(index: int, rng: random.Random) -> str:
    """A testimonial with the fields of the testimonials capability."""
    date = datetime(2024, 1, 1, 10, 0) + timedelta(hours=31 * index)
    services = ", ".join(sorted(rng.sample(_SERVICES, rng.randint(1, 2))))
    lines = [f"Date: {date:%Y-%m-%d %H:%M}", f"Rating: {rng.choice((3, 4, 4, 5, 5, 5))}",
             f"Reviewer: {rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}",
             f"Consent: {_CONSENTS[index % 3]}", f"Service: {services}",
             f"Source: {_SOURCES[index % 5]}"]
    if index % 7 == 0:
        lines.append(f"Reply: Grazie! {_sentence(rng, 8)}")
    return "\n".join(lines + ["", _paragraph(rng, 2), ""])


def write_image(path: Path, rng: random.Random) -> None:
    """A 2000x1333 JPEG with smooth colour areas and fine grain, made the same way every time."""
    from PIL import Image

    coarse = Image.frombytes("RGB", (32, 21), rng.randbytes(32 * 21 * 3))
    grain = Image.frombytes("L", (500, 333), rng.randbytes(500 * 333)).resize(IMAGE_SIZE)
    picture = coarse.resize(IMAGE_SIZE, Image.Resampling.BICUBIC)
    picture = Image.blend(picture, Image.merge("RGB", (grain, grain, grain)), 0.12)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, "JPEG", quality=85)


def write_corpus(content_dir: Path, items: int, seed: int = 1, images: bool = True) -> Corpus:
    """Write the synthetic salon corpus of ``items`` content items into ``content_dir``.

    Tips of items that have an image use it as their cover.
    """
    rng = random.Random(seed)
    corpus = Corpus()
    event_count, testimonial_count = items // 10, items // 5
    tip_count = items - event_count - testimonial_count
    image_count = items // 10 if images else 0
    for index in range(image_count):
        path = content_dir / "images" / "synthetic" / f"foto-{index:05d}.jpg"
        write_image(path, random.Random(f"{seed}-image-{index}"))
        corpus.images.append(path)
    folder = content_dir / "tips"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(tip_count):
        text = tip_markdown(index, rng)
        if index % 7 == 0 and index // 7 < image_count:
            image = corpus.images[index // 7].relative_to(content_dir).as_posix()
            head, body = text.split("\n\n", 1)
            text = f"{head}\nImage: {image}\nImage_alt: Foto di prova numero {index // 7}\n\n{body}"
        path = folder / f"synthetic-{index:05d}.md"
        path.write_text(text, encoding="utf-8")
        corpus.tips.append(path)
    for kind, count, make in (("events", event_count, event_markdown),
                              ("testimonials", testimonial_count, testimonial_markdown)):
        target = content_dir / kind
        target.mkdir(parents=True, exist_ok=True)
        for index in range(count):
            path = target / f"synthetic-{index:05d}.md"
            path.write_text(make(index, rng), encoding="utf-8")
            getattr(corpus, kind).append(path)
    return corpus
