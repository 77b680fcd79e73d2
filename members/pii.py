"""The one module through which resident ID numbers are stored, looked up and shown.

A keyed hash (HMAC-SHA256, key ``PII_HASH_KEY`` or one derived from SECRET_KEY) is the unique
and search index (blind index); the value itself is kept beside it. Encryption at rest comes in
a later issue: only ``seal``/``unseal`` here change then.
"""

import hashlib
import hmac

from django.conf import settings

from orgs import identity


def _key() -> bytes:
    key = getattr(settings, "PII_HASH_KEY", "") or ""
    if key:
        return key.encode()
    return hashlib.sha256(b"pii-blind-index:" + settings.SECRET_KEY.encode()).digest()


def id_hash(value: str) -> str:
    """Blind index of a resident ID (normalised first), 64 hex characters."""
    value = identity.normalize_resident_id(value)
    return hmac.new(_key(), value.encode(), hashlib.sha256).hexdigest()


def seal(value: str) -> str:
    """What goes into the database column for an ID number (plain until encryption lands)."""
    return identity.normalize_resident_id(value)


def unseal(stored: str) -> str:
    return stored or ""


def masked_id(stored: str) -> str:
    return identity.mask_id(unseal(stored))


def tail_q(tail: str):
    """Lookup for "ID ends with" (the last few characters only ever travel in a URL)."""
    from django.db.models import Q

    return Q(id_number__endswith=tail.upper())
