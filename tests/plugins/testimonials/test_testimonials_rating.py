"""The average rating rounds ties half-up, the way a customer reading "4,3 su 5" expects.

The demo's ratings have no tie, so a switch to half-even (Python's ``round`` or Babel's default)
or to binary floats would pass every build test: these ties tell the rules apart.
"""

from __future__ import annotations

import gettext
from decimal import Decimal

import pytest

from plugins.testimonials.testimonials import aggregate_rating, average_rating, rating_summary


def ratings(fives: int, fours: int, threes: int = 0) -> list[int]:
    return [5] * fives + [4] * fours + [3] * threes


# (ratings, half-up average): each mean ends in exactly 5 at the second decimal.
TIES = [
    (ratings(1, 3), "4.3"),         # 4.25: half-even would give 4.2
    (ratings(1, 19), "4.1"),        # 4.05: half-even would give 4.0
    (ratings(7, 13), "4.4"),        # 4.35: a binary float rounds it to 4.3
    (ratings(0, 9, 11), "3.5"),     # 3.45: half-even 3.4, float 3.5
]


@pytest.mark.parametrize(("given", "expected"), TIES)
def test_a_tie_rounds_half_up_to_one_decimal(given, expected):
    mean = Decimal(sum(given)) / len(given)
    assert mean.as_tuple().digits[-1] == 5 and mean.as_tuple().exponent == -2, "a real tie"
    assert average_rating(given) == Decimal(expected)
    assert aggregate_rating(given)["ratingValue"] == float(expected)


@pytest.mark.parametrize(("given", "expected"), TIES)
def test_the_page_shows_the_half_up_average_in_the_site_language(given, expected):
    summary = rating_summary(given, "it", gettext.NullTranslations())
    assert summary.average_text == expected.replace(".", ",")
    assert summary.count == len(given)


def test_no_ratings_have_no_average():
    assert average_rating([]) is None and aggregate_rating([]) is None
