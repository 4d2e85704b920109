"""The client's network address, which every per-address limit and record uses.

`X-Forwarded-For` is written by whoever sends the request, so only the hops appended by our own
proxies can be believed. The connection's address (`REMOTE_ADDR`) is the truth unless it is one
of `settings.TRUSTED_PROXIES`; then the header is read from the right, each hop added by a
trusted proxy skipped, and the first address no trusted proxy vouches for is the client. Values
a client wrote to the left of that are never read, so forging the header changes nothing.

The shipped nginx configuration also overwrites the header with `$remote_addr`, so behind it
the header holds one hop; this helper stays right for a chain of proxies (a load balancer in
front of nginx: list both).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is the same client.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def client_address(request) -> str:
    """The address of whoever sent `request`, as our own proxies saw it."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = trusted_proxies()
    current = _parse(remote)
    if current is None or not proxies:
        return str(current) if current else remote

    def is_proxy(address) -> bool:
        return any(address in network for network in proxies)

    if not is_proxy(current):
        return str(current)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # Garbage where a trusted proxy should have written an address: the last proxy
            # we trust is the closest thing to the client we know.
            break
        current = address
        if not is_proxy(address):
            break
    return str(current)
