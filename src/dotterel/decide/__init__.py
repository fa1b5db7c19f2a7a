"""The learned layer: decides which rule candidates are events and which party is source or target.

    from dotterel.decide import Decider
    decider = Decider.load(coder=EventCoder())   # the model shipped with dotterel (trained on real news)
    analysis = decider(analysis)                 # codes the events of a parsed, actor-resolved analysis

The pipeline uses it in place of the rule coder whenever a model is present (`Config.decider`).
"""

from __future__ import annotations

__all__ = ["Decider"]


def __getattr__(name: str):
    # Lazy: importing dotterel.decide must not load numpy.
    if name == "Decider":
        from dotterel.decide.model import Decider

        return Decider
    raise AttributeError(name)
