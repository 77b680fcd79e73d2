"""The signing pages: the public upload verification, the root certificate download, and a
body admin's certificates (issue, import a PKCS#12, revoke)."""

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from filings import stamping
from orgs.models import AuditEvent
from signing import keys, pdfsign
from signing.models import SigningCertificate, Source

pytestmark = pytest.mark.django_db


def _upload(client, data: bytes, name="备案表.pdf"):
    return client.post(reverse("signing:verify"), {"pdf": SimpleUploadedFile(name, data, "application/pdf")})


def test_upload_says_who_signed_when_and_that_it_is_intact(filed, client):
    data = stamping.pdf_of_record(filed)
    page = _upload(client, data).content.decode()
    assert "签名有效：文件自签名以来未被改动" in page and "雁江区红十字会" in page
    assert f"备案表 {filed.number} 莲花街道红十字会" in page  # recognised as the platform's own record
    assert "签名后未被改动" in page
    at = data.index(b"stream", len(data) // 4) + 40
    tampered = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]
    page = _upload(client, tampered).content.decode()
    assert "文件已被改动或签名已损坏" in page and "签名有效" not in page
    page = _upload(client, data + b"\n% appended\n").content.decode()
    assert "签名有效" not in page


def test_upload_of_something_else(authority, client):
    assert "不是 PDF 文件或文件已损坏" in _upload(client, b"not a pdf at all").content.decode()
    unsigned = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" \
               b"trailer<</Root 1 0 R>>\n%%EOF\n"
    page = _upload(client, unsigned).content.decode()
    assert "没有数字签名" in page or "不是 PDF 文件" in page
    assert client.post(reverse("signing:verify"), {}).status_code == 400


def test_root_certificate_is_downloadable(authority, client):
    response = client.get(reverse("signing:ca_certificate"))
    assert response.status_code == 200 and b"BEGIN CERTIFICATE" in response.content
    assert keys.fingerprint(keys.load_cert(response.content.decode())) == authority.fingerprint


def _office_p12(password: str) -> bytes:
    """An office's own certificate from some other CA, as a PKCS#12 file."""
    ca = keys.make_ca("某电子认证服务机构")
    office = keys.issue(ca, "雁江区红十字会（自有证书）")
    return pkcs12.serialize_key_and_certificates(b"office", office.key, office.cert, [ca.cert],
                                                 BestAvailableEncryption(password.encode()))


def test_admin_imports_an_office_pkcs12_and_it_signs(cast, login, submitted_filing, django_capture_on_commit_callbacks):
    from filings import workflow

    client = login(cast.d1_admin)
    bad = client.post(reverse("signing:import"), {"file": SimpleUploadedFile("o.p12", _office_p12("Office#2026")),
                                                  "password": "wrong"}, follow=True)
    assert "密码不正确" in bad.content.decode() and not SigningCertificate.objects.exists()
    ok = client.post(reverse("signing:import"), {"file": SimpleUploadedFile("o.p12", _office_p12("Office#2026")),
                                                 "password": "Office#2026"}, follow=True)
    assert "证书已导入" in ok.content.decode()
    cert = SigningCertificate.objects.get(org=cast.d1)
    assert cert.source == Source.PKCS12 and cert.issuer == "某电子认证服务机构"
    assert AuditEvent.objects.filter(action="signing.import", org=cast.d1).exists()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    submitted_filing.refresh_from_db()
    [finding] = pdfsign.verify(stamping.pdf_of_record(submitted_filing))
    assert finding.valid and finding.certificate == cert  # no platform CA needed


def test_an_expired_or_foreign_pkcs12_is_refused(cast):
    from django.core.exceptions import PermissionDenied, ValidationError

    from signing import services

    ca = keys.make_ca("某机构")
    key = keys.new_key()
    now = dt.datetime.now(dt.UTC)
    old = (x509.CertificateBuilder().subject_name(ca.cert.subject).issuer_name(ca.cert.subject)
           .public_key(key.public_key()).serial_number(1).not_valid_before(now - dt.timedelta(days=800))
           .not_valid_after(now - dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    data = pkcs12.serialize_key_and_certificates(b"x", key, old, None, BestAvailableEncryption(b"pw"))
    with pytest.raises(ValidationError, match="不在有效期内"):
        services.import_pkcs12(cast.d1, data, "pw", by=cast.d1_admin)
    with pytest.raises(PermissionDenied):  # only an admin of a reviewing body
        services.import_pkcs12(cast.t1, data, "pw", by=cast.t1_staff)


def test_admin_page_issues_and_revokes(authority, cast, login):
    client = login(cast.d1_admin)
    page = client.get(reverse("signing:manage")).content.decode()
    assert "本机关尚无可用的签名证书" in page
    client.post(reverse("signing:issue"))
    cert = SigningCertificate.objects.get(org=cast.d1)
    page = client.get(reverse("signing:manage")).content.decode()
    assert 'id="active-certificate"' in page and cert.fingerprint in page
    refused = client.post(reverse("signing:revoke", args=[cert.pk]), {"reason": ""}, follow=True)
    assert "请填写理由" in refused.content.decode()
    client.post(reverse("signing:revoke", args=[cert.pk]), {"reason": "经办人离职，更换证书"})
    cert.refresh_from_db()
    assert cert.revoked and cert.revoked_reason == "经办人离职，更换证书"
    assert AuditEvent.objects.filter(action="signing.revoke", org=cast.d1).exists()
    assert login(cast.d2_reviewer).post(reverse("signing:revoke", args=[cert.pk]), {"reason": "越权吊销"}
                                        ).status_code == 404
