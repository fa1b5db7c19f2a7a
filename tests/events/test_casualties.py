"""Casualty numbers from sentences, as ranges."""

import pytest

from dotterel.events.casualties import casualties
from dotterel.model import Casualties, Count


@pytest.mark.parametrize("sentence, expected", [
    ("A car bomb exploded in the market, killing four.", Casualties(killed=Count(4, 4))),
    ("At least 12 people were wounded in the shelling.", Casualties(wounded=Count(12, None))),
    ("Police said dozens arrested after the march.", Casualties(arrested=Count(24, None))),
    ("The strike killed 12 people and wounded 30 others.", Casualties(killed=Count(12, 12), wounded=Count(30, 30))),
    ("Between 10 and 15 people died when troops opened fire.", Casualties(killed=Count(10, 15))),
    ("Security forces detained up to 300 protesters.", Casualties(arrested=Count(0, 300))),
    ("More than 1,200 people have been killed since March.", Casualties(killed=Count(1201, None))),
    ("Twenty-five soldiers were killed and hundreds injured.",
     Casualties(killed=Count(25, 25), wounded=Count(200, None))),
    ("The death toll rose to 40 on Tuesday.", Casualties(killed=Count(40, 40))),
    ("About 50 were hurt.", Casualties(wounded=Count(45, 55))),
    ("Officials said 10 to 15 people died.", Casualties(killed=Count(10, 15))),
])
def test_stated_numbers(sentence, expected):
    assert casualties(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Rebels attacked the convoy near the border.",
    "He was killed in 2014 by an airstrike.",
    "Two days after the army killed the commander, protests began.",
    "The president threatened to arrest opposition leaders.",
])
def test_nothing_stated_is_none(sentence):
    assert casualties(sentence) is None
