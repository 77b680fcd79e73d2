"""The client's address, the one rule the lock-out (django-axes), the audit log and the public
form's throttle all use.

Behind the reverse proxy every connection comes from the proxy, so the client is read from
``X-Forwarded-For`` — but only when the connection comes from a proxy named in
``TRUSTED_PROXIES``; anyone else could write any address there. The header is read from the
right (the hop the proxy itself added) past further trusted proxies, so a value a client put in
the header before it reached the proxy is never taken.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def check_trusted_proxies(app_configs=None, **kwargs) -> list:
    """System check: every ``TRUSTED_PROXIES`` entry is an address or a network, so that a typo
    stops ``migrate``/``check --deploy`` rather than every request."""
    from django.core.checks import Error

    try:
        _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    except ValueError as exc:
        return [Error(f"TRUSTED_PROXIES 中有无效的地址或网段：{exc}", id="orgs.E001")]
    return []


def client_ip(request) -> str | None:
    """The address of the client that sent ``request`` (``AXES_CLIENT_IP_CALLABLE``); None when the
    connection has none (a Unix socket), never a string the address columns would refuse."""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    address = _parse(request.META.get("REMOTE_ADDR") or "")
    if not _trusted(address, networks):
        return str(address) if address is not None else None
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop_address = _parse(hop)
        if hop_address is None:  # garbage: the last address a trusted proxy vouched for stands
            break
        address = hop_address
        if not _trusted(address, networks):
            break
    return str(address)
