"""The address a request came from: what the audit trail records and django-axes counts
(``AXES_CLIENT_IP_CALLABLE``).

Without a proxy of ours in front (``QANUN_TRUSTED_PROXY_COUNT`` = 0, the default) it is the connection's own
address, ``REMOTE_ADDR``: a client cannot choose it. With N reverse proxies of ours, each appending the address
it saw to ``X-Forwarded-For``, the client is the N-th entry from the right: the one the outermost proxy wrote.
Anything further left was written by the client and is never read, so nobody escapes a lockout, or locks out
somebody else's address, by sending the header. IPv6 addresses count by their /64 network."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

__all__ = ["client_address"]


def client_address(request: HttpRequest) -> str | None:
    trusted = int(getattr(settings, "QANUN_TRUSTED_PROXY_COUNT", 0) or 0)
    address = request.META.get("REMOTE_ADDR", "")
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= trusted:
            address = forwarded[-trusted]
    return _valid(address)


def _valid(value: str) -> str | None:
    """The address as text; an IPv6 address as its /64 network (written as that network's first address), since
    one client holds a whole /64 and could otherwise change address at every attempt."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    if address.version == 6 and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)
