"""Standard Webhooks signing: the official test vector, interop with the reference library, edge cases."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
import standardwebhooks
from hypothesis import given
from hypothesis import strategies as st

from generator.runtime.wire import signing

# The test vector of the Standard Webhooks spec (also in its reference libraries' tests).
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TIMESTAMP = 1614265330
VECTOR_PAYLOAD = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

SECRET = signing.new_secret()
OTHER_SECRET = signing.new_secret()
NOW = 1_700_000_000
BODY = b'{"event": "client.add", "clid": "15"}'


def headers(
    secrets: list[str], content: bytes = BODY, *, msg_id: str = "msg_1", timestamp: int = NOW
) -> dict[str, str]:
    return signing.signed_headers(secrets, msg_id, content, timestamp=timestamp)


def reason(verifier: signing.Verifier, hdrs: dict[str, str], content: bytes = BODY, now: float = NOW) -> str:
    with pytest.raises(signing.SignatureError) as caught:
        verifier.verify(hdrs, content, now=now)
    return caught.value.reason


def test_official_vector() -> None:
    assert signing.sign([VECTOR_SECRET], VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_PAYLOAD) == VECTOR_SIGNATURE
    hdrs = {"webhook-id": VECTOR_ID, "webhook-timestamp": str(VECTOR_TIMESTAMP), "webhook-signature": VECTOR_SIGNATURE}
    assert signing.Verifier([VECTOR_SECRET]).verify(hdrs, VECTOR_PAYLOAD, now=VECTOR_TIMESTAMP) == VECTOR_ID


def test_vector_matches_reference_library() -> None:
    stamp = datetime.fromtimestamp(VECTOR_TIMESTAMP, UTC)
    theirs = standardwebhooks.Webhook(VECTOR_SECRET).sign(VECTOR_ID, stamp, VECTOR_PAYLOAD.decode())
    assert theirs == VECTOR_SIGNATURE


def test_reference_library_signature_verifies_with_ours() -> None:
    now = datetime.now(UTC)
    theirs = standardwebhooks.Webhook(SECRET).sign("msg_theirs", now, BODY.decode())
    hdrs = {"webhook-id": "msg_theirs", "webhook-timestamp": str(int(now.timestamp())), "webhook-signature": theirs}
    assert signing.Verifier([SECRET]).verify(hdrs, BODY) == "msg_theirs"


def test_our_signature_verifies_with_reference_library() -> None:
    hdrs = signing.signed_headers([SECRET, OTHER_SECRET], "msg_ours", BODY)
    assert standardwebhooks.Webhook(OTHER_SECRET).verify(BODY, hdrs) == {"event": "client.add", "clid": "15"}
    assert standardwebhooks.Webhook(SECRET).verify(BODY, hdrs) == {"event": "client.add", "clid": "15"}


def test_signed_headers_default_to_now() -> None:
    hdrs = signing.signed_headers([SECRET], "msg_now", BODY)
    assert set(hdrs) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert signing.Verifier([SECRET]).verify(hdrs, BODY) == "msg_now"


def test_rotation_signs_once_per_secret_and_either_verifies() -> None:
    hdrs = headers([SECRET, OTHER_SECRET])
    assert hdrs["webhook-signature"].count("v1,") == 2
    assert signing.Verifier([OTHER_SECRET]).verify(hdrs, BODY, now=NOW) == "msg_1"
    assert signing.Verifier([signing.new_secret(), SECRET]).verify(headers([SECRET]), BODY, now=NOW) == "msg_1"
    assert reason(signing.Verifier([signing.new_secret()]), hdrs) == "no_match"


def test_unknown_versions_and_garbage_are_skipped() -> None:
    good = headers([SECRET])["webhook-signature"]
    _, _, digest = good.partition(",")
    hdrs = headers([SECRET])
    hdrs["webhook-signature"] = f"v1a,{digest} v1,%%%not-base64 v2,AAAA nocomma {good}"
    assert signing.Verifier([SECRET]).verify(hdrs, BODY, now=NOW) == "msg_1"
    hdrs["webhook-signature"] = f"v1a,{digest}"
    assert reason(signing.Verifier([SECRET]), hdrs) == "no_match"
    hdrs["webhook-signature"] = "v1,%%%not-base64 v1,"
    assert reason(signing.Verifier([SECRET]), hdrs) == "no_match"


@pytest.mark.parametrize("skew", [-300, 300, 0])
def test_tolerance_edges_accepted(skew: int) -> None:
    assert signing.Verifier([SECRET]).verify(headers([SECRET], timestamp=NOW + skew), BODY, now=NOW) == "msg_1"


@pytest.mark.parametrize(("skew", "code"), [(-301, "expired"), (301, "future")])
def test_beyond_tolerance_rejected(skew: int, code: str) -> None:
    assert reason(signing.Verifier([SECRET]), headers([SECRET], timestamp=NOW + skew)) == code


def test_custom_tolerance() -> None:
    verifier = signing.Verifier([SECRET], tolerance=10)
    assert verifier.verify(headers([SECRET], timestamp=NOW - 10), BODY, now=NOW) == "msg_1"
    assert reason(verifier, headers([SECRET], timestamp=NOW - 11)) == "expired"


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_or_empty_headers(missing: str) -> None:
    hdrs = headers([SECRET])
    del hdrs[missing]
    assert reason(signing.Verifier([SECRET]), hdrs) == "missing_headers"
    hdrs[missing] = ""
    assert reason(signing.Verifier([SECRET]), hdrs) == "missing_headers"


@pytest.mark.parametrize("stamp", ["abc", "1700000000.5", "-1700000000", " 1700000000", "1e9", "١٧٠٠٠٠٠٠٠٠", "9" * 40])
def test_bad_timestamp(stamp: str) -> None:
    hdrs = headers([SECRET])
    hdrs["webhook-timestamp"] = stamp
    assert reason(signing.Verifier([SECRET]), hdrs) == "bad_timestamp"


def test_tampered_id_or_timestamp_do_not_match() -> None:
    hdrs = headers([SECRET])
    assert reason(signing.Verifier([SECRET]), {**hdrs, "webhook-id": "msg_2"}) == "no_match"
    assert reason(signing.Verifier([SECRET]), {**hdrs, "webhook-timestamp": str(NOW + 1)}) == "no_match"


def test_secret_with_and_without_prefix() -> None:
    bare = SECRET.removeprefix("whsec_")
    assert signing.parse_secret(bare) == signing.parse_secret(SECRET)
    assert signing.sign([bare], "msg_1", NOW, BODY) == signing.sign([SECRET], "msg_1", NOW, BODY)
    assert signing.Verifier([bare]).verify(headers([SECRET]), BODY, now=NOW) == "msg_1"


def test_unpadded_secret_accepted() -> None:
    key = b"0123456789abcdefghij"  # 20 bytes: base64 ends in one "="
    padded = base64.b64encode(key).decode()
    assert padded.endswith("=")
    assert signing.parse_secret("whsec_" + padded.rstrip("=")) == key


@pytest.mark.parametrize("bad", ["whsec_", "", "whsec_%%%%", "whsec_abc$def", "whsec_a"])
def test_bad_secret(bad: str) -> None:
    with pytest.raises(ValueError, match="webhook secret"):
        signing.parse_secret(bad)
    with pytest.raises(ValueError, match="webhook secret"):
        signing.Verifier([bad])


def test_no_secrets_or_bare_string_rejected() -> None:
    with pytest.raises(ValueError, match="at least one"):
        signing.Verifier([])
    with pytest.raises(TypeError):
        signing.sign(SECRET, "msg_1", NOW, BODY)


def test_new_secret_is_random_32_bytes() -> None:
    first, second = signing.new_secret(), signing.new_secret()
    assert first.startswith("whsec_") and first != second
    assert len(signing.parse_secret(first)) == 32


@given(content=st.binary(max_size=512), msg_id=st.text(min_size=1, max_size=64))
def test_roundtrip(content: bytes, msg_id: str) -> None:
    hdrs = headers([SECRET], content, msg_id=msg_id)
    assert signing.Verifier([SECRET]).verify(hdrs, content, now=NOW) == msg_id


@given(content=st.binary(min_size=1, max_size=512), data=st.data())
def test_any_flipped_byte_fails(content: bytes, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(content) - 1))
    flip = data.draw(st.integers(1, 255))
    tampered = bytearray(content)
    tampered[index] ^= flip
    assert reason(signing.Verifier([SECRET]), headers([SECRET], content), bytes(tampered)) == "no_match"
