"""Event-location scoring: place linking given the marked verb, apart from event detection."""

from __future__ import annotations

from evaluate_helpers import ScriptedPredictor, event, place

from dotterel.evaluate import evaluate

KLOW = "Gunmen attacked a bus near Klow on Friday."
RAID = "Police arrested three men after the raid."
MARKET = "Shells hit the market in Szohod and Klow."


class Locating(ScriptedPredictor):
    """Links the marked verb as scripted; the event stage finds no event at all."""

    def __init__(self, located):
        super().__init__(code={})
        self.located = located

    def locate(self, texts, verbs):
        return [self.located.get(text, (None, ())) for text in texts]


def test_place_given_the_marked_verb_is_the_headline_and_end_to_end_is_kept_apart(fixtures):
    predictor = Locating({KLOW: (place("Klow"), ((27, 31),)), MARKET: (place("Klow"), ((36, 40),))})
    p = evaluate(fixtures / "event_location_small.json", predictor=predictor)["slots"]["place"]
    assert p["n"] == 2 and p["exact"] == 1.0
    assert p["accuracy"] == 1.0  # the sentence without a marked place got none
    # The event stage found nothing, so the end-to-end view placed nothing.
    assert p["end_to_end"]["exact"] == 0.0 and p["end_to_end"]["coverage"] == 0.0


def test_a_place_for_a_sentence_without_one_costs_accuracy_not_exact(fixtures):
    predictor = Locating({KLOW: (place("Klow"), ((27, 31),)), RAID: (place("Szohod"), ()),
                          MARKET: (place("Elsewhere"), ())})
    p = evaluate(fixtures / "event_location_small.json", predictor=predictor)["slots"]["place"]
    assert p["exact"] == 0.5
    assert p["accuracy"] == round(1 / 3, 4)
