# DO NOT EDIT: generated from salesman-events.asyncapi.yaml (sha256 0ff15d59f4fb2739) by the generator
"""The command line: `listen`, `send` and `scaffold` (`main`), the outbox commands (`outbox`)."""

from .main import run

__all__ = ["run"]
