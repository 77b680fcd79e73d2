"""Keyed hash of a resident ID for duplicate checks (security checklist row 12): the hash column
can be indexed and compared without exposing the number. Members keep the same helper for now."""

import hashlib
import hmac
import os

from django.conf import settings


def _key() -> bytes:
    key = getattr(settings, "PII_HASH_KEY", None) or os.environ.get("PII_HASH_KEY")
    if key:
        return key.encode()
    return hashlib.sha256(b"pii-hash:" + settings.SECRET_KEY.encode()).digest()


def id_hash(resident_id: str) -> str:
    return hmac.new(_key(), resident_id.upper().encode(), hashlib.sha256).hexdigest()
