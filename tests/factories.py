"""Hand-built model objects for tests."""

import datetime as dt

from dotterel.model import Actor, Analysis, Article, Event, EventDate, Modality, Participant, Place, Sentence


def make_analysis(article_id: str = "a1", n_events: int = 1) -> Analysis:
    """A hand-built coded article: one sentence, one ACCUSE event from Ruritania to Freedonia."""
    text = "Ruritania's president accused Freedonia of shelling border villages on Tuesday."
    art = Article(article_id=article_id, text=text, title="Border row", published=dt.date(2024, 3, 7),
                  origin=f"{article_id}.txt", source="Fixture Wire", url=f"https://example.org/{article_id}")
    sent = Sentence(article_id, 0, 0, len(text), text)
    src = Participant("Ruritania's president", 0, 21, Actor("Ruritania", "RUR", "GOV", "kb:rur", "RURGOV", "state"))
    tgt = Participant("Freedonia", 30, 39, Actor("Freedonia", "FRE", None, "kb:fre", "FRE", "state"))
    events = tuple(
        Event(
            event_id=f"{article_id}-e{i}", article_id=article_id, sentence=0, source=(src,), target=(tgt,),
            plover_type="ACCUSE", cameo_code="112", goldstein=-2.0, quad=3, evidence=text, trigger="accused",
            trigger_start=22, trigger_end=29, plover_context=("military",), modality=Modality(),
            date=EventDate(dt.date(2024, 3, 5), "day", "text", "on Tuesday"),
            location=Place("Ruritania", 1, "RUR", None, 45.0, 20.0, "country", "text"), confidence=0.8,
        )
        for i in range(n_events)
    )
    return Analysis(article=art, sentences=(sent,), docs=(True,), events=events)
