"""The emitter in process: typed emit methods, durability before return, in-process handlers, limits, batches."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest

from salesman_events import DealClose, Emitter
from salesman_events._runtime.deliver.emitter import PayloadTooLarge
from salesman_events._runtime.outbox.sqlite.outbox import SQLiteOutbox


@pytest.fixture
def emitter(tmp_path: Path) -> Emitter:
    emitter = Emitter(f"sqlite:///{tmp_path / 'outbox.db'}", deliver=False)
    emitter.outbox.subscribe("http://127.0.0.1:9/hook", ["deal.*"])
    return emitter


def stored(path: Path) -> list[tuple[str, str, dict[str, object]]]:
    """What another process opening the file sees: committed events, by name."""
    outbox = SQLiteOutbox(path)
    try:
        dues = outbox.claim("reader", limit=1000)
        return [(due.event.id, due.event.name, json.loads(due.event.payload)) for due in dues]
    finally:
        outbox.close()


def test_typed_method_commits_the_event_and_its_delivery(emitter: Emitter, tmp_path: Path) -> None:
    event_id = emitter.deal_close(did=1042, summa="10340.00", status="Победа")
    assert event_id.startswith("msg_")
    assert stored(tmp_path / "outbox.db") == [
        (event_id, "deal.close", {"did": 1042, "summa": "10340.00", "status": "Победа"})
    ]


def test_events_without_a_matching_subscription_make_no_delivery(emitter: Emitter, tmp_path: Path) -> None:
    emitter.client_add(clid=5)
    assert stored(tmp_path / "outbox.db") == []
    assert emitter.outbox.status().pending == 0


def test_emit_takes_a_model_and_validates_it(emitter: Emitter) -> None:
    assert emitter.emit(DealClose(did=1)).startswith("msg_")
    with pytest.raises(ValueError, match="pass event="):
        emitter.emit(object())
    with pytest.raises(ValueError):
        emitter.deal_close(did=0)


def test_in_process_handlers_sync_async_and_failing(emitter: Emitter, caplog: pytest.LogCaptureFixture) -> None:
    seen: list[str] = []

    @emitter.on.deal_close
    def broken(payload: DealClose) -> None:
        raise RuntimeError("handler bug")

    @emitter.on.deal_close
    def sync(payload: DealClose) -> None:
        seen.append(f"sync {payload.did}")

    @emitter.on.deal_close
    async def later(payload: DealClose) -> None:
        await asyncio.sleep(0)
        seen.append(f"async {payload.did}")

    with caplog.at_level(logging.ERROR):
        emitter.deal_close(did=7)
    assert seen == ["sync 7", "async 7"]
    assert "handler bug" in caplog.text
    assert emitter.outbox.status().pending == 1  # the failing handler lost no delivery


def test_too_large_payload_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    emitter = Emitter(f"sqlite:///{tmp_path / 'o.db'}", deliver=False, max_payload=1024)
    emitter.outbox.subscribe("http://127.0.0.1:9/", ["*"])
    with pytest.raises(PayloadTooLarge, match="1024"):
        emitter.client_edit(clid=1, comment="x" * 2000)
    assert emitter.outbox.status().pending == 0


def test_batch_commits_all_together_or_nothing(emitter: Emitter) -> None:
    with emitter.batch():
        for did in range(1, 101):
            emitter.deal_close(did=did)
        assert emitter.outbox.status().pending == 0  # not committed until the block ends
    assert emitter.outbox.status().pending == 100
    with pytest.raises(ValueError), emitter.batch():
        emitter.deal_close(did=5)
        emitter.deal_close(did=0)
    assert emitter.outbox.status().pending == 100


def test_batch_runs_handlers_after_the_commit_and_gives_unique_ordered_ids(emitter: Emitter, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    @emitter.on.deal_close
    def handler(payload: DealClose) -> None:
        seen.append((payload.did, emitter.outbox.status().pending))

    with emitter.batch():
        ids = [emitter.deal_close(did=did) if did % 2 else emitter.client_add(clid=did) for did in range(1, 2_001)]
        assert seen == []
    assert seen == [(did, 1_000) for did in range(1, 2_001, 2)]  # each after all were committed
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    events = stored(tmp_path / "outbox.db")
    assert [event_id for event_id, _, _ in events] == ids[::2]  # deal.* only, in emit order
    assert events[1] == (ids[2], "deal.close", {"did": 3})


def test_typed_methods_validate_keywords_and_keep_extra_keys(emitter: Emitter, tmp_path: Path) -> None:
    with pytest.raises(ValueError), emitter.batch():
        emitter.deal_close(did=1)
        emitter.deal_close(did=2, summa="not money")
    assert emitter.outbox.status().pending == 0
    event_id = emitter.deal_close(did="7", summa="1.50", reason="won")  # lax input, unknown keys kept
    assert stored(tmp_path / "outbox.db") == [(event_id, "deal.close", {"did": 7, "summa": "1.50", "reason": "won"})]


def test_php_lists_become_lists_in_the_models_with_list_fields_only(emitter: Emitter, tmp_path: Path) -> None:
    emitter.outbox.subscribe("http://127.0.0.1:9/clients", ["client.*"])
    first = emitter.emit_fields("client.import", {"clids": {"2": 5, "1": 4}})
    second = emitter.emit_fields("client.add", {"clid": 1, "tags": {"2": "b", "1": "a"}})  # not a list field: kept
    assert stored(tmp_path / "outbox.db") == [
        (first, "client.import", {"clids": [4, 5]}),
        (second, "client.add", {"clid": 1, "tags": {"2": "b", "1": "a"}}),
    ]
