"""A deterministic synthetic salon corpus, for benchmarks and stress tests.

The same ``items`` and ``seed`` always give the same files, byte for byte.
"""

from __future__ import annotations

import random
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
