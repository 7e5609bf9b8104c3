# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The command line: `listen`, `send` and `scaffold` (`main`), the outbox commands (`outbox`)."""

from .main import run

__all__ = ["run"]
