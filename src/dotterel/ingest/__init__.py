"""The ingest stage: read files, folders and stdin into `Article` records, streaming.

`read_inputs(inputs, pattern=None, fields=None)` yields `Article` (raw text in `text`, metadata
parsed) or `Failure` (stage "ingest") for each record; `FieldMap` names the fields of JSON and
CSV records; `read(inputs)` chains ingest, clean and dedup to show what would be coded.
"""

from __future__ import annotations

from dotterel.ingest.reader import ReadProgress, read, read_inputs
from dotterel.ingest.records import FieldMap

__all__ = ["read_inputs", "read", "FieldMap", "ReadProgress"]
