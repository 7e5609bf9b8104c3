"""The receiver keeps what it can't type yet instead of refusing it (SalesMan never retries), and replays it later."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from salesman_events import EVENTS, DealClose, ReceivedEvent, Receiver
from salesman_events._runtime.receive import ReceiverApp
from salesman_events._runtime.receive.quarantine import KeptRequest, MemoryQuarantine
from salesman_events._runtime.wire.messages import Request, Response
from salesman_events._runtime.wire.signing import new_secret, signed_headers

TOKEN = "t0ken"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
CUT_UTF8 = '{"event":"deal.close","did":"1","comment":"Пр'.encode()[:-1]  # a multi-byte character cut in two


def post(receiver: ReceiverApp, body: bytes, content_type: str = JSON, query: bytes = b"token=" + TOKEN.encode()):
    return receiver.handle(Request("POST", "/hook", query, {"content-type": content_type}, body))


def receiver_and_calls(**options: Any) -> tuple[Receiver, list[Any]]:
    receiver = Receiver(token=TOKEN, **options)
    calls: list[Any] = []
    receiver.on.deal_close(calls.append)
    receiver.on_any(calls.append)
    return receiver, calls


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b'{"event":"deal.close","did":"not a number"}', JSON, "validation_failed"),
        (b'{"event":"deal.klose","did":"1"}', JSON, "unknown_event"),
        (b"", JSON, "malformed_json"),  # json_encode failed on the PHP side: an empty body
        (CUT_UTF8, JSON, "malformed_json"),
        (b"[1,2]", JSON, "malformed_json"),
        (b"did=1", FORM, "missing_event"),
        (b"event=deal.close&did=1", "text/plain", "unsupported_media_type"),
        (b'{"event":5}', JSON, "malformed_event"),
    ],
)
def test_a_request_that_cannot_be_typed_is_kept_and_acknowledged(body: bytes, content_type: str, reason: str) -> None:
    receiver, calls = receiver_and_calls()
    response = post(receiver, body, content_type)
    answer = response.json()
    assert response.status == 202 and answer["quarantined"] is True and answer["reason"] == reason
    (kept,) = receiver.quarantine.find()  # type: ignore[union-attr]
    assert kept.id == answer["id"] and kept.reason == reason and kept.body == body
    assert calls == []  # neither the event's handler nor the catch-all sees it


def test_the_token_is_checked_before_anything_is_kept() -> None:
    receiver, _ = receiver_and_calls()
    response = post(receiver, b'{"event":"deal.close","did":"x"}', query=b"token=wrong")
    assert response.status == 401 and receiver.quarantine.count() == 0  # type: ignore[union-attr]


def test_signed_senders_retry_so_they_get_the_precise_4xx() -> None:
    secret = new_secret()
    receiver = Receiver(secrets=[secret])
    body = b'{"event":"deal.close","did":"x"}'
    headers = {"content-type": JSON, **signed_headers([secret], "msg_1", body)}
    response = receiver.handle(Request("POST", "/", b"", headers, body))
    assert response.status == 422 and receiver.quarantine.count() == 0  # type: ignore[union-attr]


def test_the_refuse_policy_refuses_as_before() -> None:
    receiver, _ = receiver_and_calls(on_invalid="refuse")
    assert receiver.quarantine is None
    assert post(receiver, b'{"event":"deal.close","did":"x"}').status == 422
    assert post(receiver, b'{"event":"deal.klose"}').status == 404
    with pytest.raises(ValueError, match="on_invalid"):
        Receiver(on_invalid="drop")  # type: ignore[arg-type]


def test_a_full_quarantine_gives_the_refusal_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    receiver, _ = receiver_and_calls(quarantine=MemoryQuarantine(max_entries=1))
    assert post(receiver, b'{"event":"deal.klose"}').status == 202
    with caplog.at_level(logging.ERROR):
        assert post(receiver, b'{"event":"deal.klose"}').status == 404
    assert "quarantine is full" in caplog.text


def test_a_failing_quarantine_never_gives_a_5xx() -> None:
    class Broken(MemoryQuarantine):
        def keep(self, kept: KeptRequest) -> bool:
            raise OSError("disk gone")

    receiver, _ = receiver_and_calls(quarantine=Broken())
    assert post(receiver, b'{"event":"deal.close","did":"x"}').status == 422


def test_credentials_are_never_kept() -> None:
    receiver, _ = receiver_and_calls()
    post(receiver, b"event=deal.klose&did=1&ses=S3SS10N&ses%5Bx%5D=S3SS10N", FORM, b"token=t0ken&ses=S3SS10N&x=1")
    post(receiver, b'{"event":"deal.klose","ses":"S3SS10N","did":"1"}')
    post(receiver, b'{"event":"deal.close","ses":"S3SS10N","did":"1","comment":"\xd0')  # not even JSON
    kept = receiver.quarantine.find()  # type: ignore[union-attr]
    assert len(kept) == 3
    for item in kept:
        text = repr(item)
        assert "S3SS10N" not in text and TOKEN not in text, text
    assert kept[0].query == b"x=1" and kept[0].body == b"event=deal.klose&did=1"


def test_only_the_headers_a_replay_needs_are_kept() -> None:
    receiver, _ = receiver_and_calls()
    headers = {"content-type": JSON, "cookie": "session=abc", "authorization": "Bearer x", "webhook-id": "msg_9"}
    receiver.handle(Request("POST", "/", b"token=t0ken", headers, b"{}"))
    (kept,) = receiver.quarantine.find()  # type: ignore[union-attr]
    assert dict(kept.headers) == {"content-type": JSON, "webhook-id": "msg_9"}


def test_ses_never_reaches_a_handler() -> None:
    receiver, calls = receiver_and_calls()
    assert post(receiver, b"event=deal.close&did=1&ses=S3SS10N", FORM).status == 200
    deal: DealClose = calls[0]
    assert deal.did == 1 and "ses" not in (deal.model_extra or {}) and "S3SS10N" not in deal.model_dump_json()


def older_receiver(quarantine: MemoryQuarantine) -> ReceiverApp:
    """A receiver of an older spec: it knows every event but deal.close."""
    return ReceiverApp({n: i for n, i in EVENTS.items() if n != "deal.close"}, token=TOKEN, quarantine=quarantine)


def test_after_an_upgrade_a_kept_request_replays_into_a_typed_event_once() -> None:
    quarantine = MemoryQuarantine()
    older = older_receiver(quarantine)
    assert post(older, b'{"event":"deal.close","did":"1042","summa":"10340"}').status == 202
    assert post(older, b"event=deal.close&did=7", FORM).status == 202
    kept = quarantine.find()

    receiver, calls = receiver_and_calls(quarantine=quarantine)
    report = receiver.replay_quarantined()
    assert [(r.id, r.outcome) for r in report.replayed] == [(k.id, "handled") for k in kept]
    deals = [c for c in calls if isinstance(c, DealClose)]
    assert [(d.did, str(d.summa)) for d in deals] == [(1042, "10340"), (7, "None")]
    events = [c for c in calls if isinstance(c, ReceivedEvent)]
    assert [e.id for e in events] == [f"quarantine_{k.id}" for k in kept]
    assert quarantine.count() == 0 and receiver.replay_quarantined().replayed == []


def test_a_replay_of_what_was_handled_meanwhile_is_a_duplicate_and_leaves() -> None:
    quarantine = MemoryQuarantine()
    older = older_receiver(quarantine)
    headers = {"content-type": JSON, "webhook-id": "msg_same"}
    older.handle(Request("POST", "/", b"token=t0ken", headers, b'{"event":"deal.close","did":"1"}'))
    receiver, calls = receiver_and_calls(quarantine=quarantine)
    receiver.handle(Request("POST", "/", b"token=t0ken", headers, b'{"event":"deal.close","did":"1"}'))
    assert len(calls) == 2  # the handler and the catch-all, once
    report = receiver.replay_quarantined()
    assert [r.outcome for r in report.replayed] == ["duplicate"] and len(calls) == 2 and quarantine.count() == 0


def test_what_still_does_not_type_stays_with_todays_reason_and_a_failed_handler_keeps_it() -> None:
    quarantine = MemoryQuarantine()
    older = older_receiver(quarantine)
    post(older, b'{"event":"deal.close","did":"x"}')  # unknown then, invalid now
    post(older, b'{"event":"deal.close","did":"5"}')
    receiver = Receiver(token=TOKEN, quarantine=quarantine)
    failures = iter([RuntimeError("down"), None])

    def flaky(deal: DealClose) -> None:
        failure = next(failures)
        if failure is not None:
            raise failure

    receiver.on.deal_close(flaky)
    first = receiver.replay_quarantined()
    assert [(r.outcome, r.reason) for r in first.replayed] == [
        ("still_kept", "validation_failed"),
        ("handler_failed", ""),
    ]
    assert [k.reason for k in quarantine.find()] == ["validation_failed", "unknown_event"]
    assert json.loads(quarantine.find()[0].detail)[0]["loc"] == "did"
    second = receiver.replay_quarantined(event="deal.close")
    assert [r.outcome for r in second.replayed] == ["still_kept", "handled"] and quarantine.count() == 1
    assert "handled 1" in second.line() and "still kept 1" in second.line()


def test_a_get_request_is_kept_and_replayed_from_its_query() -> None:
    quarantine = MemoryQuarantine()
    older = older_receiver(quarantine)
    response: Response = older.handle(Request("GET", "/", b"token=t0ken&event=deal.close&did=3", {}, b""))
    assert response.status == 202 and quarantine.find()[0].query == b"event=deal.close&did=3"
    receiver, calls = receiver_and_calls(quarantine=quarantine)
    assert [r.outcome for r in receiver.replay_quarantined().replayed] == ["handled"]
    assert calls[0].did == 3
