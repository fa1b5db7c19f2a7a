"""The nlp stage: sentences for every article, a spaCy parse for the sentences that can hold an event."""

from dotterel.nlp.parser import Parser
from dotterel.nlp.sentences import split_sentences

__all__ = ["Parser", "split_sentences"]
