"""The address a request came from: what the audit trail records and django-axes counts
(``AXES_CLIENT_IP_CALLABLE``).

Without a proxy of ours in front (``QANUN_TRUSTED_PROXY_COUNT`` = 0, the default) it is the connection's own
address, ``REMOTE_ADDR``: a client cannot choose it. With N reverse proxies of ours, each appending the address
it saw to ``X-Forwarded-For``, the client is the N-th entry from the right: the one the outermost proxy wrote.
Anything further left was written by the client and is never read, so nobody escapes a lockout, or locks out
somebody else's address, by sending the header."""

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
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
