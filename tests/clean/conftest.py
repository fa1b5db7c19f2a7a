from __future__ import annotations

import pytest

from dotterel.clean import Cleaner


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    """One cleaner (and one language model load, about 1.5 s) for the whole session."""
    return Cleaner()
