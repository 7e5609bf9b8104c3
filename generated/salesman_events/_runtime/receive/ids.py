# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Ids the receiver makes: the event id of a request that came without a webhook-id, and the owner token of each
seen-id claim. Each is a random prefix per process and a counter; a forked worker (of a pre-forking server) copies
the counters, so it draws prefixes of its own."""

from __future__ import annotations

import itertools
import os
from typing import Final

__all__ = ["NO_RELEASE", "generated_id", "new_owner"]

NO_RELEASE: Final = "-"  # the owner of a claim without handlers: nothing can fail, so it is never released
_event_ids = itertools.count()
_owners = itertools.count()
_event_prefix = _owner_prefix = ""


def _new_prefixes() -> None:
    global _event_prefix, _owner_prefix
    _event_prefix = f"gen_{os.urandom(6).hex()}_"
    _owner_prefix = f"{os.urandom(8).hex()}:"


_new_prefixes()
if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_new_prefixes)


def generated_id() -> str:
    """An id unique across processes (`gen_…`) for an event its sender gave none; not an outbox event id (`msg_…`)."""
    return f"{_event_prefix}{next(_event_ids)}"


def new_owner() -> str:
    """An owner token unique across processes, for a claim that may be released."""
    return f"{_owner_prefix}{next(_owners)}"
