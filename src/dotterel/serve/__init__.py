"""HTTP API and dashboard over the event store: read-only, offline, one command (`dotterel serve`)."""
