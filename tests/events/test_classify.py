"""`classify`: typing the relation between marked spans."""

from __future__ import annotations

import pytest

from dotterel.errors import UserError
from dotterel.events.classification import parse_marked
from dotterel.model import PLOVER_TYPES


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ("<s>Chile</s> accused <t>Peru</t> of spying on its navy.", "ACCUSE"),
        ("<s>Peru</s> refused to meet <t>Chile</t> over the dispute.", "REJECT"),
        ("<s>Peru</s> did not agree to meet <t>Chile</t>.", "REJECT"),
        ("<s>Kenya</s> sent food and medicine to <t>Mali</t> after the floods.", "AID"),
        ("<s>Rebels</s> shelled <t>the town</t> overnight.", "ASSAULT"),
        ("<s>The president</s> flew to <t>Nairobi</t> for talks.", "CONSULT"),
        ("<s>Police</s> detained <t>dozens of students</t> at the rally.", "COERCE"),
        ("<s>Peru</s> plans to expand military cooperation with <t>Chile</t>.", "AGREE"),
        ("<s>Mali</s> will bomb <t>the rebels</t> if they advance.", "THREATEN"),
        ("<s>Peru</s> agreed to pull its troops out of <t>Chile</t> by March.", "AGREE"),
        ("<s>Soldiers</s> destroyed the houses of <t>the villagers</t> near the camp.", "COERCE"),
        # PLOVER codes demands, not appeals: an appeal is typed by the act it asks for.
        ("<s>Kenya</s> demanded that <t>Mali</t> release the detained journalists.", "REQUEST"),
        ("<s>Kenya</s> urged <t>Mali</t> to release the detained journalists.", "RETREAT"),
        ("<s>The senator</s> called on <t>the governor</t> to hold talks with the unions.", "CONSULT"),
        ("<s>Activists</s> called for sanctions against <t>the junta</t>.", "ACCUSE"),
        ("<s>Oxfam</s> appealed to <t>donors</t> for patience.", "REQUEST"),
    ],
)
def test_zero_shot_types(coder, marked, expected):
    result = coder.classify(marked)
    assert result.plover_type == expected, result.as_row()


def test_scores_are_a_distribution_and_confidence_is_the_top_score(coder):
    result = coder.classify("<s>Chile</s> condemned <t>Peru</t>.")
    assert set(result.scores) == set(PLOVER_TYPES)
    assert abs(sum(result.scores.values()) - 1.0) < 1e-6
    assert result.confidence == pytest.approx(max(result.scores.values()), abs=1e-4)
    assert result.goldstein == -2.0 and result.quad == 3 and result.cameo_code.startswith("11")


def test_markup_is_parsed_in_either_order():
    text, s, t = parse_marked("Talks with <t>Chile</t> were held by <s>Peru</s>.")
    assert text[s[0] : s[1]] == "Peru" and text[t[0] : t[1]] == "Chile"


def test_missing_markup_is_a_user_error(coder):
    with pytest.raises(UserError):
        coder.classify("Chile accused Peru of spying.")


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        # CAMEO 143: boycotting an election is dissent; boycotting goods is a sanction.
        ("<s>The opposition</s> boycotted the vote called by <t>the junta</t>.", "PROTEST"),
        ("<s>Thousands of farmers</s> took to the streets against <t>the government</t>.", "PROTEST"),
        ("<s>Lawmakers</s> rallied behind <t>the prime minister</t>.", "SUPPORT"),
        # PLOVER SANCTION: walk-outs and cancelled meetings end cooperation.
        ("<s>The delegation</s> walked out of talks with <t>the rebels</t>.", "SANCTION"),
        ("<s>Chile</s> cancelled its summit with <t>Peru</t>.", "SANCTION"),
        ("<s>Chile</s> expelled the aid agencies of <t>Peru</t>.", "SANCTION"),
        # CAMEO 062 against 150: shared war games are cooperation, drills held alone a show of force.
        ("<s>Chile</s> held joint naval exercises with <t>Peru</t>.", "COOPERATE"),
        # "hit out at" and "lash out at" are words, not blows (CAMEO 111).
        ("<s>The minister</s> hit out at <t>critics of the reform</t>.", "ACCUSE"),
        ("<s>Peru</s> lashed out at <t>Chile</t> over the fishing ban.", "ACCUSE"),
        ("<s>Rebels</s> hit <t>an army convoy</t> near the border.", "ASSAULT"),
        ("<s>Chile</s> staged live-fire military exercises near the border with <t>Peru</t>.", "MOBILIZE"),
        ("<s>Chile</s> amassed tanks along the frontier with <t>Peru</t>.", "MOBILIZE"),
        ("<s>The fund</s> approved a $2 billion loan for <t>Peru</t>.", "AID"),
        ("<s>Chile</s> handed the fugitive banker over to <t>Peru</t>.", "COOPERATE"),
        ("<s>The mayor</s> pledged his support for <t>the striking nurses</t>.", "SUPPORT"),
        # CAMEO 07: aid must be delivered; a readiness to provide it is an intent (AGREE).
        ("<s>Japan</s> is ready to provide emergency loans to <t>Sri Lanka</t>.", "AGREE"),
        ("<s>Japan</s> sent ships to deliver food to <t>Sri Lanka</t>.", "AID"),
    ],
)
def test_codebook_distinctions(coder, marked, expected):
    assert coder.classify(marked).plover_type == expected
