"""Hand-made actors and a name table for the event-stage tests (the actors stage is built elsewhere)."""

from __future__ import annotations

from dotterel.model import Actor

USA = Actor(name="United States", country="USA", cameo="USA")
USA_GOV = Actor(name="United States government", country="USA", sector="GOV", cameo="USAGOV")
FRA = Actor(name="France", country="FRA", cameo="FRA")
FRA_GOV = Actor(name="French government", country="FRA", sector="GOV", cameo="FRAGOV")
MLI = Actor(name="Mali", country="MLI", cameo="MLI")
NGA = Actor(name="Nigeria", country="NGA", cameo="NGA")
NGA_MIL = Actor(name="Nigerian military", country="NGA", sector="MIL", cameo="NGAMIL")
REBELS = Actor(name="Northern Front", country="MLI", sector="REB", cameo="MLIREB", kind="group")
KEN = Actor(name="Kenya", country="KEN", cameo="KEN")
KEN_GOV = Actor(name="Kenyan government", country="KEN", sector="GOV", cameo="KENGOV")
PER = Actor(name="Peru", country="PER", cameo="PER")
CHL = Actor(name="Chile", country="CHL", cameo="CHL")
UN = Actor(name="United Nations", cameo="IGOUNO", sector="IGO", kind="igo")

#: Surface names -> actor, longest first when matching.
NAMES: dict[str, Actor] = {
    "Paris": FRA,
    "France": FRA,
    "French President Claire Dumont": FRA_GOV,
    "Claire Dumont": FRA_GOV,
    "Dumont": FRA_GOV,
    "Mali": MLI,
    "Bamako": MLI,
    "Nigeria": NGA,
    "Abuja": NGA,
    "the Nigerian army": NGA_MIL,
    "Nigerian troops": NGA_MIL,
    "the Northern Front": REBELS,
    "Northern Front": REBELS,
    "Kenya": KEN,
    "Nairobi": KEN,
    "Kenyan Foreign Minister Amos Otieno": KEN_GOV,
    "Amos Otieno": KEN_GOV,
    "Otieno": KEN_GOV,
    "Washington": USA,
    "the United States": USA,
    "U.S. Secretary of State Dana Kerr": USA_GOV,
    "Dana Kerr": USA_GOV,
    "Kerr": USA_GOV,
    "Peru": PER,
    "Lima": PER,
    "Chile": CHL,
    "Santiago": CHL,
    "the United Nations": UN,
}
