"""Breaking a text into lines of whole words, for the kit's pictures and its printed pages alike."""

from __future__ import annotations

from collections.abc import Callable


def wrap_words(text: str, measure: Callable[[str], float], width: float,
               long_words: bool = False) -> list[str] | None:
    """Lines of whole words no wider than ``width`` as ``measure`` sees them; a newline breaks.

    A word wider than ``width`` alone makes the result None, unless ``long_words``: a picture
    tries a smaller type size then, while print, whose size is fixed, lets the word run over.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            if not long_words and measure(word) > width:
                return None
            candidate = f"{line} {word}".strip()
            if measure(candidate) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        if line:
            lines.append(line)
    return lines
