"""`salesman-events import-subscriptions` against a real MariaDB (127.0.0.1:3306, root): SalesMan's own webhook table,
made by its DDL in a database of the test's own (dropped afterwards), read into subscriptions of a SQLite outbox."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from salesman_events._runtime.outbox.sqlite import SQLiteOutbox
from tests.helpers import FIXTURES, SDK_ENV, unavailable

MARIADB = {"host": "127.0.0.1", "port": 3306, "user": "root", "password": ""}
DDL = (FIXTURES / "salesman" / "webhook.sql").read_text(encoding="utf-8")
PUBLIC = "https://93.184.215.14/hook"  # a public address as an IP literal: no DNS needed
# (title, event, url, identity) of each row, and why it can't be used (None: it becomes a subscription).
ROWS: list[tuple[tuple[str, str | None, str | None, int | None], str | None]] = [
    (("Сделки в 1С", "deal.close", PUBLIC, 1), None),
    (("Сделки в 1С, второй тенант", "deal.close", PUBLIC, 2), None),
    (("Клиенты", "client.add", PUBLIC + "?from=salesman&x=1", 1), None),
    (("Пустой", "deal.add", "", 1), "empty URL"),
    (("NULL", "deal.add", None, 1), "empty URL"),
    (("Опечатка", "deal.closed", PUBLIC, 1), "unknown event 'deal.closed'; did you mean 'deal.close'?"),
    (("Офис", "deal.add", "http://10.0.0.5/hook", 1), "a private address (10.0.0.5)"),
    (("Сам себе", "deal.add", "http://127.0.0.1:8080/hook", 1), "a loopback address (127.0.0.1)"),
    (("Метаданные", "deal.add", "http://169.254.169.254/latest", 1), "address (169.254.169.254)"),
    (("FTP", "deal.add", "ftp://93.184.215.14/x", 1), "not an http(s) URL"),
    (("Без тенанта", "deal.add", PUBLIC, None), "no tenant (identity)"),
    (("Дубль", "deal.close", PUBLIC, 1), "the same as row 1"),
]


def mariadb() -> Any:
    import pymysql

    try:
        return pymysql.connect(**MARIADB, connect_timeout=3, autocommit=True)  # type: ignore[arg-type]
    except pymysql.Error as error:
        unavailable(f"MariaDB not reachable at 127.0.0.1:3306: {error}")


@pytest.fixture(params=["app_", "salesman_"])
def database(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(URL, prefix) of a fresh database holding SalesMan's webhook table with ROWS; dropped afterwards."""
    prefix, name = request.param, f"se_import_{uuid.uuid4().hex[:10]}"
    server = mariadb()
    try:
        with server.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
            cursor.execute(f"USE `{name}`")
            cursor.execute(DDL.replace("{prefix}", prefix))
            for (title, event, url, identity), _ in ROWS:
                cursor.execute(
                    f"INSERT INTO `{prefix}webhook` (title, event, url, identity) VALUES (%s, %s, %s, %s)",
                    (title, event, url, identity),
                )
        yield f"mysql://root@127.0.0.1:3306/{name}", prefix
    finally:
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        server.close()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "salesman_events", "import-subscriptions", *args]
    return subprocess.run(command, env=SDK_ENV, capture_output=True, text=True, timeout=60, check=False)


def test_every_usable_row_becomes_a_subscription_and_every_other_is_reported(
    database: tuple[str, str], tmp_path: Path
) -> None:
    url, prefix = database
    outbox = f"sqlite:///{tmp_path / 'outbox.db'}"
    dry = run(url, "--prefix", prefix, "--outbox", outbox, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    first = run(url, "--prefix", prefix, "--outbox", outbox, "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    usable = [number for number, (_, why) in enumerate(ROWS, start=1) if why is None]
    assert json.loads(dry.stdout)["added"] == report["added"] == usable
    reasons = {row["id"]: row["reason"] for row in report["unusable"]}
    assert sorted(reasons) == [n for n, (_, why) in enumerate(ROWS, start=1) if why is not None]
    for number, (_, why) in enumerate(ROWS, start=1):
        assert why is None or why in reasons[number], (number, reasons.get(number))

    box = SQLiteOutbox(tmp_path / "outbox.db")
    subscriptions = box.subscriptions()
    box.close()
    made = [(s.url, s.events, s.identities, s.format, s.method) for s in subscriptions]
    expected = [(row[2], (row[1],), (row[3],), "salesman", "POST") for row, why in ROWS if why is None]
    assert made == expected

    again = run(url, "--prefix", prefix, "--outbox", outbox, "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["added"] == []
    assert json.loads(again.stdout)["present"] == usable
    box = SQLiteOutbox(tmp_path / "outbox.db")
    assert len(box.subscriptions()) == len(usable), "running it again added nothing"
    box.close()


def test_an_allowed_private_address_is_imported_and_the_text_report(database: tuple[str, str], tmp_path: Path) -> None:
    url, prefix = database
    done = run(url, "--prefix", prefix, "--outbox", f"sqlite:///{tmp_path / 'o.db'}", "--allow-private", "10.0.0.0/8")
    assert done.returncode == 0, done.stderr
    assert "row 7: subscribed http://10.0.0.5/hook to deal.add for identity 1" in done.stdout
    assert "row 8 (deal.add): not imported: a loopback address (127.0.0.1)" in done.stdout
    assert done.stderr.strip().endswith("4 subscribed, 0 already there, 8 unusable")


def test_a_wrong_prefix_or_database_is_an_error_not_a_traceback(database: tuple[str, str], tmp_path: Path) -> None:
    url, _ = database
    done = run(url, "--prefix", "crm_", "--outbox", f"sqlite:///{tmp_path / 'o.db'}")
    assert done.returncode == 1 and "could not read crm_webhook" in done.stderr and "Traceback" not in done.stderr
    bad = run(url, "--prefix", "app_; DROP TABLE x", "--outbox", f"sqlite:///{tmp_path / 'o.db'}")
    assert bad.returncode == 1 and "not a table prefix" in bad.stderr
