"""Sport stories: the largest source of false events in general news.

"England beat Wales", "Vieira clashed with Keane", "the coach criticised the referee": a dictionary
coder reads matches as wars and rows between players as accusations (the old coders kept discard
lists of sport words for this). Two tests, both cheap regexes over the text:

- an article with at least `STORY_CUES` distinct cues from `data/sport.tsv` in its opening, a match
  score ("won 13-6", "a 4-2 defeat") counting as one, or as dense in cues throughout, is a sport
  story and yields no events;
- in any other article, a sentence with a game-play word ("referee", "semi-final", "half-time")
  yields none.

Words with political uses ("striker" of a hunger strike, a party's "hat-trick", "first half" of a
year, the Olympics of a boycott) count only toward the article test, or not at all.
"""

from __future__ import annotations

import re
from pathlib import Path

from dotterel.errors import KBError
from dotterel.events.lexicon import _data_path, _rows

__all__ = ["SportFilter", "STORY_CUES", "STORY_WINDOW"]

#: Distinct sport cues that make an article a sport story.
STORY_CUES = 3
#: Characters of an article's opening that the story test reads (a sport story says so early).
STORY_WINDOW = 3000
_FORMAT = "format 1"
_SCORE = re.compile(
    r"\b(?:won|lost|beat|beaten|drew|defeat|victory|win|lead|led|trailed|trailing)\b[^.;]{0,30}?\b\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}-\d{1,2}\s+(?:win|victory|defeat|draw|loss|lead|scoreline)\b",
    re.IGNORECASE,
)


def _alternation(words: list[str]) -> re.Pattern[str]:
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) + "s?" for w in longest_first) + r")\b", re.IGNORECASE)


class SportFilter:
    """Decides which articles and sentences are sport (see the module docstring)."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or _data_path("sport.tsv")
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if _FORMAT not in first:
            raise KBError(f"{path}: expected '{_FORMAT}' on the first line; this dotterel reads only that format.")
        rows = _rows(path)
        cues: dict[str, str] = {}
        for number, cols in rows[1:]:
            if len(cols) != 2 or cols[1] not in ("sentence", "article"):
                raise KBError(f"{path}:{number}: expected 'cue<TAB>sentence|article', got {cols!r}.")
            cues[cols[0].lower()] = cols[1]
        self._cues = cues
        self._any = _alternation(list(cues))
        self._game = _alternation([c for c, scope in cues.items() if scope == "sentence"])

    def _cue(self, word: str) -> str:
        word = word.lower()
        return word[:-1] if word not in self._cues and word.endswith("s") else word

    def story(self, text: str) -> bool:
        """Is this article a sport story?

        Its opening (`STORY_WINDOW` characters) must hold `STORY_CUES` distinct cues, or the whole
        text must be as dense in cues as such an opening: three sport words scattered through a
        long political article do not make it sport (they once cost such articles all their events).
        """
        head = text[:STORY_WINDOW]
        found = {self._cue(m.group(1)) for m in self._any.finditer(head)}
        if len(found) + bool(_SCORE.search(head)) >= STORY_CUES:
            return True
        if len(text) <= STORY_WINDOW:
            return False
        matches = [self._cue(m.group(1)) for m in self._any.finditer(text)]
        scores = len(_SCORE.findall(text))
        dense = len(matches) + scores >= STORY_CUES * len(text) / STORY_WINDOW
        return dense and len(set(matches)) + bool(scores) >= STORY_CUES

    def sentence(self, text: str) -> bool:
        """Does this sentence talk about play (a game-play word)?"""
        return self._game.search(text) is not None
