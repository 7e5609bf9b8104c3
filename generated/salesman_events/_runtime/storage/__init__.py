# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What the SDK's stores (the outbox engines, the seen-id and quarantine stores) share: their URLs, SQLite's WAL
switch, Redis replies."""

from .redis import text
from .sqlite import use_wal
from .urls import URL_FORMS, Engine, open_by_url, store_location

__all__ = ["URL_FORMS", "Engine", "open_by_url", "store_location", "text", "use_wal"]
