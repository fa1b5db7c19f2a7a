"""Actors stage: a time-aware knowledge base and resolution of every actor mention.

    from dotterel.actors import KnowledgeBase, ActorResolver, may_mention_actor
    resolver = ActorResolver(KnowledgeBase.load(extra=[Path("my_kb.csv")]))
    analysis = resolver(analysis)            # fills analysis.mentions
    resolver.resolve("Turkish officials", dt.date(2015, 6, 8))
"""

from __future__ import annotations

from dotterel.actors.kb import SECTORS, Entry, KnowledgeBase, Role, SectorTerm
from dotterel.actors.resolver import ActorResolver, may_mention_actor

__all__ = ["KnowledgeBase", "ActorResolver", "may_mention_actor", "Entry", "Role", "SectorTerm", "SECTORS"]
