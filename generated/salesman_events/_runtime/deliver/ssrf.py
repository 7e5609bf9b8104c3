# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Refuse webhook targets that resolve to internal addresses, checked at connect time.

A target host is resolved once, every address it resolves to is classified, and the worker connects to the
address returned here (never re-resolving), so DNS rebinding between check and connect cannot slip through.
Loopback, private, link-local, cloud-metadata, CGNAT, multicast, reserved and IPv4-in-IPv6 addresses are
refused unless an explicit allow-list of CIDRs admits them.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from typing import Final

__all__ = ["BLOCKED_NETWORKS", "EMBEDDED_IPV4_PREFIXES", "AddressPolicy", "BlockedAddress"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

CLOUD_METADATA: Final = "cloud metadata"


def _networks(*pairs: tuple[str, str]) -> tuple[tuple[Network, str], ...]:
    return tuple((ipaddress.ip_network(cidr), reason) for cidr, reason in pairs)


# Ordered: the first network that contains an address gives its reason, so the narrow ones come first.
BLOCKED_NETWORKS: Final[tuple[tuple[Network, str], ...]] = _networks(
    ("169.254.169.254/32", CLOUD_METADATA),  # AWS, GCP, Azure, OpenStack, ...
    ("100.100.100.200/32", CLOUD_METADATA),  # Alibaba Cloud
    ("fd00:ec2::254/128", CLOUD_METADATA),  # AWS over IPv6
    ("0.0.0.0/8", "unspecified"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "CGNAT"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "reserved"),  # IETF protocol assignments
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "reserved"),  # former 6to4 relay anycast
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmark"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("240.0.0.0/4", "reserved"),
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("::ffff:0:0/96", "IPv4-mapped IPv6"),
    ("::/96", "IPv4-compatible IPv6"),
    ("64:ff9b:1::/48", "NAT64 local-use"),
    ("100::/64", "discard-only"),
    ("2001::/32", "Teredo"),
    ("2001::/23", "reserved"),  # IETF protocol assignments
    ("2001:db8::/32", "documentation"),
    ("3fff::/20", "documentation"),
    ("fc00::/7", "private"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local"),
    ("ff00::/8", "multicast"),
)

# IPv6 prefixes that carry an IPv4 address, and where: (prefix, shift of the IPv4 bits, translation).
# An address in one of them is refused when its embedded IPv4 is; the first two are refused regardless.
_IPV4_MASK: Final = 0xFFFFFFFF
EMBEDDED_IPV4_PREFIXES: Final[tuple[tuple[ipaddress.IPv6Network, int, str], ...]] = (
    (ipaddress.IPv6Network("::ffff:0:0/96"), 0, "IPv4-mapped"),
    (ipaddress.IPv6Network("::/96"), 0, "IPv4-compatible"),
    (ipaddress.IPv6Network("64:ff9b::/96"), 0, "NAT64"),
    (ipaddress.IPv6Network("2002::/16"), 80, "6to4"),
)

_NOT_EMBEDDED: Final = ipaddress.IPv6Network("::/127")  # :: and ::1 are not IPv4-compatible addresses


class BlockedAddress(Exception):
    """A target address that the policy refuses; `reason` names its class ("loopback", "cloud metadata", ...)."""

    def __init__(self, host: str, address: str, reason: str, url: str | None = None) -> None:
        super().__init__(host, address, reason, url)
        self.host = host
        self.address = address
        self.reason = reason
        self.url = url

    def __str__(self) -> str:
        return f"refusing to connect to {self.address} ({self.reason}) for {self.url or self.host}"


def _classify(address: Address) -> str | None:
    """The reason `address` is internal, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        for prefix, shift, _ in EMBEDDED_IPV4_PREFIXES:
            if address in prefix and address not in _NOT_EMBEDDED:
                embedded = _classify(ipaddress.IPv4Address((int(address) >> shift) & _IPV4_MASK))
                if embedded is not None:
                    return embedded
                break
    for network, reason in BLOCKED_NETWORKS:
        if address in network:
            return reason
    return None


class AddressPolicy:
    """Which addresses webhook deliveries may connect to: public ones, plus an explicit allow-list of CIDRs."""

    def __init__(self, allow: Sequence[str] = ()) -> None:
        """`allow` holds CIDRs ("10.1.2.3/32", "::1/128"); ValueError on a malformed one or one with host bits set."""
        if isinstance(allow, str):
            raise TypeError("allow must be a sequence of CIDR strings, not one string")
        self.allow: tuple[Network, ...] = tuple(ipaddress.ip_network(cidr.strip()) for cidr in allow)

    def check(self, address: str, *, host: str | None = None, url: str | None = None) -> None:
        """Raise BlockedAddress unless the IP `address` is allow-listed or public; ValueError if it is no IP."""
        parsed = ipaddress.ip_address(address)
        if any(parsed in network for network in self.allow):
            return
        reason = _classify(parsed)
        if reason is not None:
            raise BlockedAddress(host or address, address, reason, url)

    def resolve(self, host: str, port: int, *, url: str | None = None) -> str:
        """The address to connect to for `host`: every address it resolves to must pass `check`.

        An IP literal (brackets allowed) is checked without a DNS query. Resolution failures raise OSError.
        """
        literal = host[1:-1] if host.startswith("[") and host.endswith("]") else host
        try:
            ipaddress.ip_address(literal)
        except ValueError:
            infos = socket.getaddrinfo(host, port, socket.AF_UNSPEC, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            addresses = [str(sockaddr[0]) for *_, sockaddr in infos]
        else:
            addresses = [literal]
        if not addresses:
            raise OSError(f"{host!r} resolved to no address")
        for address in addresses:
            self.check(address, host=host, url=url)
        return addresses[0]
