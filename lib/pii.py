"""The one module through which resident ID numbers are stored, looked up and shown (checklist
rows 12–14), for members, applications and volunteers alike.

* ``seal``/``unseal``: encryption at rest with ``cryptography``'s Fernet (AES-128-CBC + HMAC-SHA256,
  a fresh IV per value) behind a MultiFernet, so keys can be rotated: ``PII_ENCRYPTION_KEY`` holds
  one or more comma-separated Fernet keys, the first encrypts, all decrypt; ``manage.py
  rotate_pii_key`` re-encrypts every row with the first. Without the variable a key is derived from
  SECRET_KEY (HKDF), so changing SECRET_KEY then makes stored IDs unreadable.
* ``id_hash``: the blind index (HMAC-SHA256 under a key derived separately), unique and searchable
  by the *whole* number only; there is no partial ("ends with") search on ciphertext.
"""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from lib import identity

__all__ = ["SEALED", "InvalidToken", "fingerprints", "id_hash", "is_sealed", "masked_id", "rotate", "rotate_all",
           "seal", "seal_bytes", "unseal", "unseal_bytes"]

#: every column that holds a sealed ID number (model label, field), field history included
SEALED = [
    ("members.Member", "id_number"), ("members.HistoricalMember", "id_number"),
    ("members.Application", "id_number"),
    ("volunteers.Volunteer", "id_number"), ("volunteers.HistoricalVolunteer", "id_number"),
    # signing keys of the deployment's CA and of each reviewing body (``seal_bytes``)
    ("signing.CertificateAuthority", "key_sealed"), ("signing.SigningCertificate", "key_sealed"),
]


def _derived(purpose: bytes) -> bytes:
    return _derive(purpose, settings.SECRET_KEY)


@functools.lru_cache(maxsize=8)
def _derive(purpose: bytes, secret: str) -> bytes:
    """Derived once per key, not once per value: a list page unseals fifty IDs to mask them."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"redcross-portal-pii",
                info=purpose).derive(secret.encode())


def _fernet() -> MultiFernet:
    return _fernet_for(getattr(settings, "PII_ENCRYPTION_KEY", "") or "", settings.SECRET_KEY)


def _keys(setting: str, secret: str) -> list[bytes]:
    configured = [k.strip().encode() for k in setting.split(",") if k.strip()]
    return configured or [base64.urlsafe_b64encode(_derive(b"fernet", secret))]


@functools.lru_cache(maxsize=8)
def _fernet_for(setting: str, secret: str) -> MultiFernet:
    """The cipher for the settings in force (tests and key rotation change them), built once each."""
    try:
        return MultiFernet([Fernet(k) for k in _keys(setting, secret)])
    except ValueError:
        raise ImproperlyConfigured(
            "PII_ENCRYPTION_KEY 应为以逗号分隔的 Fernet 密钥（每个为32字节的 URL 安全 Base64）。") from None


def _hash_key() -> bytes:
    key = getattr(settings, "PII_HASH_KEY", "") or ""
    return key.encode() if key else _derived(b"blind-index")


def _fingerprint(key: bytes) -> str:
    return hmac.new(key, b"redcross-portal key fingerprint", hashlib.sha256).hexdigest()[:32]


def fingerprints() -> dict:
    """Recognises the keys in force without revealing them: a backup records these, and a restore
    under other keys (ID numbers unreadable, duplicate checks blind) is refused before it starts."""
    setting = getattr(settings, "PII_ENCRYPTION_KEY", "") or ""
    return {"encryption": [_fingerprint(k) for k in _keys(setting, settings.SECRET_KEY)],
            "hash": _fingerprint(_hash_key())}


def id_hash(value: str) -> str:
    """Blind index of a resident ID (normalised first), 64 hex characters."""
    value = identity.normalize_resident_id(value)
    return hmac.new(_hash_key(), value.encode(), hashlib.sha256).hexdigest()


def tail(value: str) -> str:
    """The last four characters of an ID number, kept in plain beside the sealed value so that
    staff can search by them: every masked display (``identity.mask_id``) shows them anyway."""
    return identity.normalize_resident_id(value)[-4:] if value else ""


def seal(value: str) -> str:
    """What goes into the database column for an ID number: a Fernet token ("" stays "")."""
    value = identity.normalize_resident_id(value)
    return _fernet().encrypt(value.encode()).decode() if value else ""


def seal_bytes(value: bytes) -> str:
    """Any secret bytes (a private key) under the same keys as ID numbers, not normalised."""
    return _fernet().encrypt(value).decode() if value else ""


def unseal_bytes(stored: str) -> bytes:
    return _fernet().decrypt(stored.encode()) if stored else b""


def unseal(stored: str) -> str:
    """The ID number from its column; raises ``InvalidToken`` for anything not sealed by our keys."""
    return _fernet().decrypt(stored.encode()).decode() if stored else ""


def is_sealed(stored: str) -> bool:
    try:
        unseal(stored)
    except InvalidToken:
        return False
    return True


def rotate(stored: str) -> str:
    """Re-encrypt under the first (newest) key."""
    return _fernet().rotate(stored.encode()).decode() if stored else ""


def masked_id(stored: str) -> str:
    return identity.mask_id(unseal(stored))


def rotate_all(batch: int = 1000) -> int:
    """Re-encrypt every sealed column under the first key; returns the number of values rewritten."""
    from django.apps import apps
    from django.db import transaction

    done = 0
    for label, field in SEALED:
        model = apps.get_model(label)
        with transaction.atomic():
            rows = []
            for row in model._base_manager.exclude(**{field: ""}).only("pk", field).iterator(chunk_size=batch):
                setattr(row, field, rotate(getattr(row, field)))
                rows.append(row)
            model._base_manager.bulk_update(rows, [field], batch_size=batch)
            done += len(rows)
    return done
