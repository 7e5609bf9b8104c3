# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Switching a SQLite file to WAL when several processes may open it at the same moment."""

from __future__ import annotations

import sqlite3
import time

__all__ = ["use_wal"]

RETRY_SECONDS = 0.01


def use_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Put the connection's file in WAL mode, waiting up to `timeout` seconds for other connections.

    SQLite answers "database is locked" at once, without its busy timeout, when several processes switch a new
    file to WAL together; this waits like any other statement would.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(RETRY_SECONDS)
