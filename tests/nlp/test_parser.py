import pytest

from dotterel.model import Article
from dotterel.nlp import Parser


@pytest.fixture(scope="module")
def parser(nlp):
    return Parser(nlp=nlp, prefilter=lambda text: "attacked" in text)


def test_prefilter_decides_what_is_parsed(parser):
    art = Article("x", "Rebels attacked a convoy near the border. The weather was mild.")
    analysis = parser(art)
    assert [s.text for s in analysis.sentences] == ["Rebels attacked a convoy near the border.", "The weather was mild."]
    assert analysis.docs[0] is not None and analysis.docs[1] is None
    assert [t.lemma_ for t in analysis.docs[0]][:2] == ["rebel", "attack"]


def test_pipe_keeps_articles_apart(parser):
    arts = [Article(str(i), f"Army {i} attacked the town. Calm returned.") for i in range(5)]
    out = list(parser.pipe(arts, batch_size=2))
    assert [a.article.article_id for a in out] == ["0", "1", "2", "3", "4"]
    assert all(a.docs[0].text == f"Army {i} attacked the town." for i, a in enumerate(out))


def test_missing_model_is_a_clear_user_error():
    from dotterel.errors import UserError

    with pytest.raises(UserError, match="not installed"):
        Parser(model="no_such_model_xyz")


def test_spacy_loads_without_pulling_in_torch():
    # thinc imports torch when it is installed; that cost each worker ~250 MB for nothing.
    import subprocess
    import sys

    code = ("import sys; from dotterel.nlp.parser import load_spacy; load_spacy(); "
            "print('torch' in sys.modules); import torch")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
