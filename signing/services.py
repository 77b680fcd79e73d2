"""Certificates of the reviewing bodies: the deployment CA, issuing, importing, revoking.

Signing and verifying PDFs is ``signing.pdfsign``; this module decides which certificate a body
signs with and records every change in the audit log.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lib import audit, pii
from orgs import scoping
from signing import keys
from signing.models import CertificateAuthority, SigningCertificate, Source

CA_NAME = "红十字会基层组织备案与管理平台根证书"


def ca() -> CertificateAuthority | None:
    return CertificateAuthority.objects.order_by("pk").first()


def ca_pair() -> keys.KeyPair | None:
    authority = ca()
    if authority is None:
        return None
    return keys.KeyPair(keys.load_cert(authority.cert_pem), keys.load_key(pii.unseal_bytes(authority.key_sealed)), [])


@transaction.atomic
def create_ca(name: str = CA_NAME) -> CertificateAuthority:
    """The deployment's root CA, made once: a second call refuses, so certificates issued under
    the first stay verifiable."""
    if CertificateAuthority.objects.select_for_update().exists():
        raise ValidationError("平台根证书已经存在，不能重复创建。")
    pair = keys.make_ca(name)
    authority = CertificateAuthority.objects.create(
        name=name, cert_pem=keys.cert_pem(pair.cert), key_sealed=pii.seal_bytes(keys.key_der(pair.key)),
        fingerprint=keys.fingerprint(pair.cert))
    audit.record("signing.ca_created", obj=None, fingerprint=authority.fingerprint)
    return authority


def _require_manager(user, body) -> None:
    scoping.require(user, "seal.manage", body)
    if not body.is_body:
        raise PermissionDenied("只有县级以上红十字会可以设置签名证书。")


def _store(body, pair: keys.KeyPair, source: str, by) -> SigningCertificate:
    fingerprint = keys.fingerprint(pair.cert)
    if SigningCertificate.objects.filter(fingerprint=fingerprint).exists():
        raise ValidationError("该证书已经登记过。")
    return SigningCertificate.objects.create(
        org=body, source=source, subject=keys.common_name(pair.cert.subject),
        issuer=keys.common_name(pair.cert.issuer), serial=format(pair.cert.serial_number, "x"),
        fingerprint=fingerprint, not_before=pair.cert.not_valid_before_utc, not_after=pair.cert.not_valid_after_utc,
        cert_pem=keys.cert_pem(pair.cert), chain_pem=keys.chain_pem(pair.chain),
        key_sealed=pii.seal_bytes(keys.key_der(pair.key)), created_by=by)


@transaction.atomic
def issue(body, *, by=None) -> SigningCertificate:
    """A certificate for ``body`` from the deployment's CA (its name as the subject)."""
    if by is not None:
        _require_manager(by, body)
    pair = ca_pair()
    if pair is None:
        raise ValidationError("平台根证书尚未创建（运维人员运行 manage.py create_signing_ca），不能签发证书。")
    cert = _store(body, keys.issue(pair, body.name), Source.CA, by)
    audit.record("signing.issue", user=by, org=body, fingerprint=cert.fingerprint)
    return cert


@transaction.atomic
def import_pkcs12(body, data: bytes, password: str, *, by) -> SigningCertificate:
    """The office's own certificate and key (a .p12/.pfx file); the key is stored sealed."""
    _require_manager(by, body)
    cert = _store(body, keys.read_pkcs12(data, password), Source.PKCS12, by)
    audit.record("signing.import", user=by, org=body, fingerprint=cert.fingerprint)
    return cert


@transaction.atomic
def revoke(cert: SigningCertificate, *, by, reason: str) -> SigningCertificate:
    _require_manager(by, cert.org)
    reason = audit.stated_reason(reason)
    locked = SigningCertificate.objects.select_for_update().get(pk=cert.pk)
    if locked.revoked:
        raise ValidationError("该证书已被吊销。")
    locked.revoked_at, locked.revoked_reason = timezone.now(), reason
    locked.save(update_fields=["revoked_at", "revoked_reason"])
    audit.record("signing.revoke", user=by, org=locked.org, reason=reason, fingerprint=locked.fingerprint)
    return locked


def active(body) -> SigningCertificate | None:
    """The body's newest certificate that is neither revoked nor expired."""
    if body is None:
        return None
    return SigningCertificate.objects.filter(org=body, revoked_at__isnull=True,
                                             not_after__gt=timezone.now() + dt.timedelta(minutes=1)).first()


def certificate_for(body) -> SigningCertificate | None:
    """What ``body`` signs with now: its active certificate, or a new one from the deployment's CA
    when it has none and the CA exists; None where neither (the PDF then goes out unsigned)."""
    cert = active(body)
    if cert is None and body is not None and ca() is not None:
        cert = issue(body)
    return cert
