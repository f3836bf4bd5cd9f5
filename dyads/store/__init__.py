"""The event database: SQLAlchemy 2 models for articles and events, an idempotent ingest, and reading back."""
from dyads.store.db import DEFAULT_URL, connect, normalise_url
from dyads.store.ingest import IngestReport, ingest_articles, stored_events

__all__ = ["DEFAULT_URL", "IngestReport", "connect", "ingest_articles", "normalise_url", "stored_events"]
