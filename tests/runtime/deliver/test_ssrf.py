"""SSRF guard: internal addresses are refused at connect time unless allow-listed."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.runtime.deliver import ssrf
from generator.runtime.deliver.ssrf import AddressPolicy, BlockedAddress

POLICY = AddressPolicy()

BLOCKED = [
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.255", "private"),
    ("192.168.1.1", "private"),
    ("fc00::1", "private"),
    ("fd12:3456::1", "private"),
    ("169.254.169.254", "cloud metadata"),
    ("fd00:ec2::254", "cloud metadata"),
    ("100.100.100.200", "cloud metadata"),
    ("169.254.0.1", "link-local"),
    ("fe80::1", "link-local"),
    ("fe80::1%eth0", "link-local"),
    ("100.64.0.1", "CGNAT"),
    ("100.127.255.255", "CGNAT"),
    ("0.0.0.0", "unspecified"),
    ("0.1.2.3", "unspecified"),
    ("::", "unspecified"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "broadcast"),
    ("192.0.2.1", "documentation"),
    ("2001:db8::1", "documentation"),
    ("198.18.0.1", "benchmark"),
    # IPv4 inside IPv6: the embedded address decides the reason when it is internal.
    ("::ffff:127.0.0.1", "loopback"),
    ("::ffff:7f00:1", "loopback"),
    ("::ffff:169.254.169.254", "cloud metadata"),
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:93.184.216.34", "IPv4-mapped IPv6"),
    ("::127.0.0.1", "loopback"),
    ("::93.184.216.34", "IPv4-compatible IPv6"),
    ("64:ff9b::127.0.0.1", "loopback"),
    ("64:ff9b::a9fe:a9fe", "cloud metadata"),
    ("64:ff9b::192.168.0.1", "private"),
    ("64:ff9b:1::1", "NAT64 local-use"),
    ("2002:7f00:1::1", "loopback"),
    ("2002:a00:1::", "private"),
    ("2001::1", "Teredo"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
]

PUBLIC = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001::1", "64:ff9b::5db8:d822"]
PUBLIC += ["2002:5db8:d822::1", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0"]


@pytest.mark.parametrize(("address", "reason"), BLOCKED)
def test_internal_addresses_are_blocked_with_their_reason(address: str, reason: str) -> None:
    with pytest.raises(BlockedAddress) as caught:
        POLICY.check(address)
    assert caught.value.reason == reason
    assert caught.value.address == address
    assert str(caught.value) == f"refusing to connect to {address} ({reason}) for {address}"


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    POLICY.check(address)


def test_check_rejects_what_is_no_ip() -> None:
    with pytest.raises(ValueError):
        POLICY.check("example.com")


def test_message_names_the_url() -> None:
    with pytest.raises(BlockedAddress) as caught:
        POLICY.resolve("127.0.0.1", 80, url="http://127.0.0.1/hook")
    assert str(caught.value) == "refusing to connect to 127.0.0.1 (loopback) for http://127.0.0.1/hook"
    assert caught.value.host == "127.0.0.1"


def test_allow_list_admits_exactly_its_cidrs() -> None:
    policy = AddressPolicy(["127.0.0.0/8"])
    policy.check("127.0.0.1")
    policy.check("127.8.9.10")
    for address in ("::1", "10.0.0.1", "::ffff:127.0.0.1", "169.254.169.254"):
        with pytest.raises(BlockedAddress):
            policy.check(address)


def test_allow_list_of_single_hosts_and_ipv6() -> None:
    policy = AddressPolicy(["10.1.2.3/32", "::1/128"])
    policy.check("10.1.2.3")
    policy.check("::1")
    for address in ("10.1.2.4", "127.0.0.1"):
        with pytest.raises(BlockedAddress):
            policy.check(address)


@pytest.mark.parametrize("bad", ["not-a-cidr", "10.0.0.0/33", "10.0.0.1/8", "", "::1/129"])
def test_bad_allow_entry_is_a_value_error(bad: str) -> None:
    with pytest.raises(ValueError):
        AddressPolicy([bad])


def test_allow_must_not_be_a_bare_string() -> None:
    with pytest.raises(TypeError):
        AddressPolicy("127.0.0.0/8")


def test_localhost_resolves_and_is_blocked() -> None:
    with pytest.raises(BlockedAddress) as caught:
        POLICY.resolve("localhost", 80)
    assert caught.value.reason == "loopback"
    assert caught.value.host == "localhost"


def test_allow_listed_localhost_resolves() -> None:
    assert AddressPolicy(["127.0.0.0/8", "::1/128"]).resolve("localhost", 80) in ("127.0.0.1", "::1")


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "017700000001", "127.1", "0177.0.0.1", "127.0.1"])
def test_numeric_host_forms_resolve_to_loopback_and_are_blocked(host: str) -> None:
    with pytest.raises(BlockedAddress) as caught:
        POLICY.resolve(host, 443)
    assert (caught.value.address, caught.value.reason) == ("127.0.0.1", "loopback")


@pytest.mark.parametrize(
    ("host", "expected"), [("93.184.216.34", "93.184.216.34"), ("[2606:4700::1111]", "2606:4700::1111")]
)
def test_ip_literal_resolves_without_dns(monkeypatch: pytest.MonkeyPatch, host: str, expected: str) -> None:
    def no_dns(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"DNS query for {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    assert POLICY.resolve(host, 443) == expected
    with pytest.raises(BlockedAddress):
        POLICY.resolve("[::1]", 443)


def fake_getaddrinfo(*addresses: str) -> Any:
    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    return getaddrinfo


def test_every_resolved_address_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo("93.184.216.34", "2606:4700::1111", "10.0.0.5"))
    with pytest.raises(BlockedAddress) as caught:
        POLICY.resolve("rebind.example", 443)
    assert (caught.value.host, caught.value.address, caught.value.reason) == ("rebind.example", "10.0.0.5", "private")


def test_resolve_returns_the_first_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo("2606:4700::1111", "93.184.216.34"))
    assert POLICY.resolve("hooks.example", 443) == "2606:4700::1111"


def test_resolution_failure_is_an_os_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo())
    with pytest.raises(OSError):
        POLICY.resolve("nothing.example", 443)


def test_blocked_networks_reasons_are_named() -> None:
    reasons = {reason for _, reason in ssrf.BLOCKED_NETWORKS}
    assert {"loopback", "private", "link-local", "cloud metadata", "CGNAT", "unspecified", "multicast"} <= reasons
    assert {"reserved", "broadcast", "IPv4-mapped IPv6", "IPv4-compatible IPv6", "Teredo"} <= reasons


# Independent of ipaddress membership: integer ranges of each IPv4 network, in order.
IPV4_RANGES = [
    (int(net.network_address), int(net.network_address) + 2 ** (32 - net.prefixlen), reason)
    for net, reason in ssrf.BLOCKED_NETWORKS
    if net.version == 4
]


def expected_reason(value: int) -> str | None:
    return next((reason for start, end, reason in IPV4_RANGES if start <= value < end), None)


# Random 32-bit ints rarely land in a /32 or on an edge, so the edges of every network are drawn too.
EDGES = sorted({v for start, end, _ in IPV4_RANGES for v in (start - 1, start, end - 1, end) if 0 <= v < 2**32})
IPV4_INTS = st.one_of(st.integers(min_value=0, max_value=2**32 - 1), st.sampled_from(EDGES))


@settings(max_examples=3000, deadline=None)
@given(IPV4_INTS)
def test_check_raises_iff_in_a_blocked_network(value: int) -> None:
    address = str(ipaddress.IPv4Address(value))
    reason = expected_reason(value)
    if reason is None:
        POLICY.check(address)
    else:
        with pytest.raises(BlockedAddress) as caught:
            POLICY.check(address)
        assert caught.value.reason == reason


@settings(max_examples=500, deadline=None)
@given(IPV4_INTS)
def test_ipv4_mapped_addresses_are_always_blocked(value: int) -> None:
    mapped = str(ipaddress.IPv6Address((0xFFFF << 32) | value))
    with pytest.raises(BlockedAddress) as caught:
        POLICY.check(mapped)
    assert caught.value.reason == (expected_reason(value) or "IPv4-mapped IPv6")
