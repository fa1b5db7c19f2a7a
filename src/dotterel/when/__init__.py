"""When: event dates resolved from the expressions attached to each event.

- `resolve_date(expression, anchor)`: one expression against the article's date.
- `DateResolver()(analysis)`: the pipeline stage.
- `parse_dateline_date(text)`, `hijri_to_gregorian(y, m, d)`: for datelines (used by clean).
"""

from __future__ import annotations

from dotterel.when.calendar import hijri_to_gregorian, parse_dateline_date
from dotterel.when.expressions import resolve_date
from dotterel.when.resolver import HISTORICAL_DAYS, DateResolver, date_expressions

__all__ = [
    "DateResolver",
    "resolve_date",
    "parse_dateline_date",
    "hijri_to_gregorian",
    "date_expressions",
    "HISTORICAL_DAYS",
]
