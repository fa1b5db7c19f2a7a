"""The store: the only code that talks to DuckDB."""

from dotterel.store.database import Store, open_store
from dotterel.store.export import export

__all__ = ["Store", "open_store", "export"]
