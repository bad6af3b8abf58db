"""Lines of whole words: one rule for the kit's pictures (a wider word: try smaller) and print."""

from passaparola.kit.wrapping import wrap_words


def characters(text: str) -> float:
    return float(len(text))


def test_words_fill_lines_up_to_the_width_and_a_newline_always_breaks():
    assert wrap_words("Serata sul colore\nnaturale", characters, 10) == ["Serata sul", "colore",
                                                                       "naturale"]


def test_a_word_wider_than_the_line_is_refused_for_pictures_and_runs_over_in_print():
    text = "Un balayage precipitevolissimevolmente bello"
    assert wrap_words(text, characters, 12) is None
    assert wrap_words(text, characters, 12, long_words=True) == [
        "Un balayage", "precipitevolissimevolmente", "bello"]
