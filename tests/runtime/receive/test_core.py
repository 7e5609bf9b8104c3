"""The receiver core, in process: decoding, typed dispatch, security, dedupe and the error contract."""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest

from salesman_events import DealClose, Handlers, ReceivedEvent, Receiver
from salesman_events._runtime.receive.dedupe import DEFAULT_LEASE_SECONDS, Claim, MemoryStore
from salesman_events._runtime.wire.encoding import encode_delivery
from salesman_events._runtime.wire.messages import Request, Response
from salesman_events._runtime.wire.signing import new_secret, signed_headers
from salesman_events.models import ClientChangeUser, ClientImport

SALESMAN_DEAL_CLOSE = {"event": "deal.close", "identity": "1", "iduser1": "3", "did": "1042", "summa": "10340.00"}


def post(body: bytes | str, content_type: str = "application/json", path: str = "/", **headers: str) -> Request:
    raw = body.encode() if isinstance(body, str) else body
    return Request("POST", path, b"", {"content-type": content_type, **headers}, raw)


def post_json(data: Any, **headers: str) -> Request:
    return post(json.dumps(data), **headers)


@pytest.fixture
def receiver() -> Receiver:
    return Receiver()


def test_salesman_json_reaches_a_typed_handler(receiver: Receiver) -> None:
    got: list[DealClose] = []
    receiver.on.deal_close(got.append)
    response = receiver.handle(post_json({**SALESMAN_DEAL_CLOSE, "reason": "won"}))
    assert response.status == 200 and response.json()["event"] == "deal.close"
    (deal,) = got
    assert isinstance(deal, DealClose) and deal.did == 1042 and str(deal.summa) == "10340.00"
    assert deal.model_extra == {"reason": "won"}


def test_php_form_with_lists_keyed_from_one(receiver: Receiver) -> None:
    got: list[ClientChangeUser] = []
    receiver.on.client_change_user(got.append)
    body = "event=client.change.user&newuser=9&info%5B1%5D%5Bclid%5D=15&info%5B1%5D%5Btitle%5D=%D0%9E%D0%9E%D0%9E+1"
    body += "&info%5B2%5D%5Bclid%5D=16"
    response = receiver.handle(post(body, "application/x-www-form-urlencoded"))
    assert response.status == 200, response.body
    (event,) = got
    assert event.info is not None and [i.clid for i in event.info] == [15, 16]
    assert event.info[0].title == "ООО 1"


def test_get_query_and_event_from_path(receiver: Receiver) -> None:
    got: list[ClientImport] = []
    receiver.on.client_import(got.append)
    query = urlencode({"clids[0]": "5", "clids[1]": "6", "autor": "3"}).encode()
    response = receiver.handle(Request("GET", "/hooks/client.import", query, {}, b""))
    assert response.status == 200, response.body
    assert got[0].clids == [5, 6] and got[0].autor == 3


def test_event_from_header(receiver: Receiver) -> None:
    got: list[DealClose] = []
    receiver.on.deal_close(got.append)
    response = receiver.handle(post_json({"did": "7"}, **{"x-salesman-event": "deal.close"}))
    assert response.status == 200 and got[0].did == 7


def test_sync_async_several_and_catch_all_handlers_all_run(receiver: Receiver) -> None:
    calls: list[str] = []

    @receiver.on.deal_close
    def first(payload: DealClose) -> None:
        calls.append(f"sync {payload.did}")

    @receiver.on.deal_close
    async def second(payload: DealClose) -> None:
        await asyncio.sleep(0)
        calls.append(f"async {payload.did}")

    @receiver.on_any
    def every(event: ReceivedEvent) -> None:
        calls.append(f"any {event.name}")

    assert receiver.handle(post_json(SALESMAN_DEAL_CLOSE)).status == 200
    assert asyncio.run(receiver.handle_async(post_json(SALESMAN_DEAL_CLOSE))).status == 200
    assert calls == ["sync 1042", "async 1042", "any deal.close"] * 2


def test_handlers_protocol_registers_only_overridden_methods(receiver: Receiver) -> None:
    seen: list[int] = []

    class Mine(Handlers):
        def deal_close(self, payload: DealClose, /) -> None:
            seen.append(payload.did)

    assert receiver.register(Mine()) == 1
    assert receiver.handle(post_json(SALESMAN_DEAL_CLOSE)).status == 200
    assert receiver.handle(post_json({"event": "client.add", "clid": "1"})).status == 200
    assert seen == [1042]


@pytest.mark.parametrize(
    ("request_", "status", "code"),
    [
        (post("{not json"), 400, "malformed_json"),
        (post("[1, 2]"), 400, "malformed_json"),
        (post("[" * 100_000), 400, "malformed_json"),
        (post(b"\xff\xfe\x00garbage"), 400, "malformed_json"),
        (post("a=%FF", "application/x-www-form-urlencoded"), 400, "malformed_form"),
        (post("<xml/>", "application/xml"), 415, "unsupported_media_type"),
        (post("{}", ""), 415, "unsupported_media_type"),
        (post_json({"did": "1"}), 400, "missing_event"),
        (post_json({"event": 5}), 400, "malformed_event"),
        (post_json({"event": "deal.closed", "did": "1"}), 404, "unknown_event"),
        (post_json({"event": "deal.close", "did": "zero"}), 422, "validation_failed"),
        (post_json({"event": "deal.close"}), 422, "validation_failed"),
        (post("x" * (1024 * 1024 + 1)), 413, "too_large"),
        (Request("PUT", "/", b"", {}, b""), 405, "method_not_allowed"),
    ],
)
def test_bad_requests_get_a_json_4xx(request_: Request, status: int, code: str) -> None:
    response = Receiver(on_invalid="refuse").handle(request_)
    assert (response.status, response.json()["error"]) == (status, code)
    assert response.json()["detail"]
    kept = Receiver().handle(request_)  # by default what can't be typed is kept, not refused
    if status in (413, 405):
        assert kept.status == status
    else:
        assert (kept.status, kept.json()["quarantined"], kept.json()["reason"]) == (202, True, code)


@pytest.mark.parametrize(
    ("key", "raw"),
    [pytest.param("deep", "[" * 300 + "]" * 300, id="nested-300"), pytest.param("note", '"a\\ud800b"', id="surrogate")],
)
def test_json_beyond_the_fast_decoder_is_still_taken(receiver: Receiver, key: str, raw: str) -> None:
    body = json.dumps(SALESMAN_DEAL_CLOSE)[:-1] + f', "{key}": {raw}}}'  # pydantic-core refuses it, json.loads takes it
    got: list[DealClose] = []
    receiver.on.deal_close(got.append)
    assert receiver.handle(post(body)).status == 200
    assert got[0].model_extra == {key: json.loads(body)[key]}


def test_generated_ids_are_unique_and_answered(receiver: Receiver) -> None:
    ids = {receiver.handle(post_json(SALESMAN_DEAL_CLOSE)).json()["id"] for _ in range(3)}
    receiver.on_any(lambda event: None)
    ids.add(receiver.handle(post_json(SALESMAN_DEAL_CLOSE)).json()["id"])
    assert len(ids) == 4 and all(i.startswith("gen_") for i in ids)


def test_unknown_event_suggests_the_near_name(receiver: Receiver) -> None:
    detail = receiver.handle(post_json({"event": "deal.closed"})).json()["detail"]
    assert "did you mean 'deal.close'" in detail


def test_validation_errors_name_field_paths(receiver: Receiver) -> None:
    detail = receiver.handle(post_json({"event": "client.import", "clids": ["1", "x"]})).json()["detail"]
    assert detail[0]["loc"] == "clids.1" and detail[0]["type"] == "int_parsing"


def test_signature_required_when_secrets_are_set() -> None:
    secret = new_secret()
    receiver = Receiver(secrets=[secret])
    body = json.dumps(SALESMAN_DEAL_CLOSE).encode()
    assert receiver.handle(post(body)).json()["error"] == "bad_signature"
    signed = signed_headers([secret], "msg_1", body)
    assert receiver.handle(post(body, **signed)).status == 200
    tampered = body.replace(b"1042", b"1043")
    assert receiver.handle(post(tampered, **signed)).status == 401
    old = signed_headers([secret], "msg_2", body, timestamp=int(time.time()) - 301)
    assert receiver.handle(post(body, **old)).json()["detail"] == "expired"


def test_signed_get_verifies_the_query_string() -> None:
    secret = new_secret()
    receiver = Receiver(secrets=[secret])
    delivery = encode_delivery("deal.close", {"did": 5, "summa": "1.50"}, method="GET")
    headers = {**delivery.headers, **signed_headers([secret], "msg_get", delivery.signed)}
    assert receiver.handle(Request("GET", "/", delivery.query.encode(), headers, b"")).status == 200
    assert receiver.handle(Request("GET", "/", delivery.query.encode() + b"0", headers, b"")).status == 401


def test_shared_token_in_the_query() -> None:
    receiver = Receiver(token="s3cret")
    body = json.dumps(SALESMAN_DEAL_CLOSE)
    assert receiver.handle(post(body)).status == 401
    assert (
        receiver.handle(
            Request("POST", "/", b"token=wrong", {"content-type": "application/json"}, body.encode())
        ).status
        == 401
    )
    ok = receiver.handle(Request("POST", "/", b"token=s3cret", {"content-type": "application/json"}, body.encode()))
    assert ok.status == 200


def test_duplicate_webhook_id_runs_the_handler_once(receiver: Receiver) -> None:
    got: list[int] = []
    receiver.on.deal_close(lambda p: got.append(p.did))
    first = receiver.handle(post_json(SALESMAN_DEAL_CLOSE, **{"webhook-id": "msg_dup"}))
    second = receiver.handle(post_json(SALESMAN_DEAL_CLOSE, **{"webhook-id": "msg_dup"}))
    assert first.status == second.status == 200
    assert second.json()["duplicate"] is True and got == [1042]


def test_failing_handler_gives_500_is_logged_and_the_retry_runs(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    attempts: list[int] = []

    @receiver.on.deal_close
    def flaky(payload: DealClose) -> None:
        attempts.append(payload.did)
        if len(attempts) == 1:
            raise RuntimeError("database down")

    with caplog.at_level(logging.ERROR):
        failed = receiver.handle(post_json(SALESMAN_DEAL_CLOSE, **{"webhook-id": "msg_retry"}))
    assert failed.status == 500 and failed.json()["error"] == "handler_failed"
    assert "database down" in caplog.text
    retried = receiver.handle(post_json(SALESMAN_DEAL_CLOSE, **{"webhook-id": "msg_retry"}))
    assert retried.status == 200 and attempts == [1042, 1042]


def test_concurrent_duplicates_run_the_handler_once(receiver: Receiver) -> None:
    runs: list[int] = []
    started = threading.Event()

    @receiver.on.deal_close
    def slow(payload: DealClose) -> None:
        runs.append(payload.did)
        started.set()
        time.sleep(0.2)

    responses: list[Response] = []
    threads = [
        threading.Thread(
            target=lambda: responses.append(
                receiver.handle(post_json(SALESMAN_DEAL_CLOSE, **{"webhook-id": "msg_race"}))
            )
        )
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert runs == [1042]
    statuses = sorted(r.status for r in responses)
    assert statuses.count(200) >= 1 and set(statuses) <= {200, 409}


class RecordingStore(MemoryStore):
    """A memory store that records the owner token of each claim and release, its leases `lease` seconds long."""

    def __init__(self, lease: float = DEFAULT_LEASE_SECONDS) -> None:
        super().__init__()
        self.lease = lease
        self.claims: list[str] = []
        self.releases: list[str] = []

    def claim(self, key: str, *, owner: str, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        self.claims.append(owner)
        return super().claim(key, owner=owner, lease=self.lease)

    def release(self, key: str, *, owner: str) -> None:
        self.releases.append(owner)
        super().release(key, owner=owner)


def test_a_late_failure_does_not_free_a_retrys_claim() -> None:
    """A outlives its lease, retry B takes the id over; A then fails: a third delivery must wait for B, not run."""
    lease = 0.2
    receiver = Receiver(store=RecordingStore(lease))
    runs: list[str] = []
    a_started, a_may_fail, b_started, b_may_finish = (threading.Event() for _ in range(4))

    @receiver.on.deal_close
    def slow(payload: DealClose) -> None:
        runs.append("run")
        if len(runs) == 1:
            a_started.set()
            assert a_may_fail.wait(10)
            raise RuntimeError("A failed late")
        if len(runs) == 2:
            b_started.set()
            assert b_may_finish.wait(10)

    def deliver() -> Response:
        return receiver.handle(post_json(SALESMAN_DEAL_CLOSE, **{"webhook-id": "msg_slow"}))

    with ThreadPoolExecutor(2) as pool:
        a = pool.submit(deliver)
        assert a_started.wait(10)
        time.sleep(lease + 0.05)  # A's lease runs out while its handler still runs
        b = pool.submit(deliver)
        assert b_started.wait(10)
        a_may_fail.set()
        assert a.result().status == 500
        third = deliver()
        assert third.status == 409 and third.json()["error"] == "in_progress" and len(runs) == 2
        b_may_finish.set()
        assert b.result().status == 200
    assert deliver().json()["duplicate"] is True and len(runs) == 2


def test_each_claim_has_its_own_owner_and_a_failure_releases_with_it() -> None:
    store = RecordingStore()
    receiver = Receiver(store=store)

    @receiver.on.deal_close
    def failing(payload: DealClose) -> None:
        raise RuntimeError("database down")

    statuses = [receiver.handle(post_json(SALESMAN_DEAL_CLOSE, **{"webhook-id": f"msg_{n}"})).status for n in range(3)]
    request = post_json(SALESMAN_DEAL_CLOSE, **{"webhook-id": "msg_async"})
    statuses.append(asyncio.run(receiver.handle_async(request)).status)
    statuses.append(receiver.handle(post_json(SALESMAN_DEAL_CLOSE, **{"webhook-id": "msg_0"})).status)  # a retry
    assert statuses == [500] * 5
    assert len(set(store.claims)) == 5 and store.releases == store.claims
    receiver.handle(post_json(SALESMAN_DEAL_CLOSE))  # no webhook-id: nothing claimed
    assert len(store.claims) == 5


def _claim_owner() -> str:
    """The owner token of one claimed request, in this process."""
    store = RecordingStore()
    receiver = Receiver(store=store)
    receiver.on.deal_close(lambda payload: None)
    assert receiver.handle(post_json(SALESMAN_DEAL_CLOSE, **{"webhook-id": "msg_fork"})).status == 200
    return store.claims[-1]


def test_a_forked_worker_makes_other_owner_tokens_than_its_parent() -> None:
    """Pre-forking servers copy the counter into each worker: the random prefix must differ, or tokens collide."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        in_child = pool.apply(_claim_owner)
    assert _claim_owner() != in_child


def _generated_ids() -> list[str]:
    """The ids given to two requests without a webhook-id, in this process: one with no handler, one with one."""
    receiver = Receiver()
    ids = [receiver.handle(post_json(SALESMAN_DEAL_CLOSE)).json()["id"]]
    receiver.on.deal_close(lambda payload: None)
    ids.append(receiver.handle(post_json(SALESMAN_DEAL_CLOSE)).json()["id"])
    return ids


def test_a_forked_worker_generates_other_ids_than_its_parent() -> None:
    """Ids for senders without a webhook-id are a per-process prefix and a counter that a fork copies."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        in_child = pool.apply(_generated_ids)
    in_parent = _generated_ids()
    assert not set(in_parent) & set(in_child)
    assert {i.rsplit("_", 1)[0] for i in in_parent}.isdisjoint({i.rsplit("_", 1)[0] for i in in_child})
