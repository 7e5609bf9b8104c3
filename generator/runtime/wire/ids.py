"""Event ids: unique, time-ordered, and the `webhook-id` of every delivery of an event."""

from __future__ import annotations

import itertools
import os
import time
from typing import Final

__all__ = ["PROCESS_TAG", "id_format", "new_event_id", "next_sequence"]

PROCESS_TAG: Final = os.urandom(4).hex()  # with the time and a counter, unique across processes and machines
_sequence = itertools.count()
_ID_FORMAT: Final = f"msg_%016x{PROCESS_TAG}%06x"  # "msg_<time in ns><tag><counter>", hex


def next_sequence() -> int:
    """The process's next counter value, in the 24 bits an id holds."""
    return next(_sequence) & 0xFFFFFF


def new_event_id() -> str:
    """A unique, time-ordered id; also the webhook-id of every delivery of the event."""
    return _ID_FORMAT % (time.time_ns(), next(_sequence) & 0xFFFFFF)


def id_format() -> str:
    """`new_event_id`'s format with the time fixed now: `id_format() % next_sequence()` is an id (for a batch)."""
    return f"msg_{time.time_ns():016x}{PROCESS_TAG}%06x"
