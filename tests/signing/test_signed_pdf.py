"""The filed PDF is signed (PAdES) by the reviewing body's certificate; pyHanko and poppler's
``pdfsig`` both report it valid and unmodified, and one flipped byte breaks it."""

import base64
import subprocess
from io import BytesIO

import pytest
from asn1crypto import x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from filings import stamping
from lib import pii
from orgs.models import AuditEvent
from signing import keys, pdfsign, services
from signing.models import SignedPdf, SigningCertificate

pytestmark = pytest.mark.django_db


def _pdf(filing) -> bytes:
    return stamping.pdf_of_record(filing)


def _trust(authority):
    return ValidationContext(trust_roots=[x509.Certificate.load(keys.load_cert(authority.cert_pem).public_bytes(
        Encoding.DER))], allow_fetching=False)


def _flip(data: bytes) -> bytes:
    """One byte of the page content (inside the signed range, far from the signature) changed."""
    at = data.index(b"stream", len(data) // 4) + 40
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def _pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


def test_filed_pdf_is_signed_by_the_reviewing_body(filed, authority, cast, tmp_path):
    data = _pdf(filed)
    cert = SigningCertificate.objects.get(org=cast.d1)  # issued from the CA at the first signing
    assert cert.subject == "雁江区红十字会" and cert.issuer == services.CA_NAME
    (sig,) = PdfFileReader(BytesIO(data)).embedded_signatures
    status = validate_pdf_signature(sig, _trust(authority))
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert status.signing_cert.subject.native["common_name"] == "雁江区红十字会"
    # a visible signature, over the e-seal in the lower right of the form's last cell
    widget = sig.sig_field["/Kids"][0] if "/Kids" in sig.sig_field else sig.sig_field
    x1, y1, x2, y2 = [float(v) for v in widget["/Rect"]]
    assert 90 < x2 - x1 < 115 and 90 < y2 - y1 < 115 and x1 > 250
    assert SignedPdf.objects.get(sha256=filed.pdf_sha256).certificate == cert

    out = _pdfsig(data, tmp_path)
    assert "Signature is Valid" in out and "Total document signed" in out, out

    broken = _flip(data)
    (sig,) = PdfFileReader(BytesIO(broken), strict=False).embedded_signatures
    assert not validate_pdf_signature(sig, _trust(authority)).intact
    out = _pdfsig(broken, tmp_path)
    assert "Signature is Valid" not in out and ("Digest Mismatch" in out or "Invalid" in out), out


def test_private_keys_are_sealed_with_the_pii_keys(filed, authority, cast):
    cert = SigningCertificate.objects.get(org=cast.d1)
    for sealed in (cert.key_sealed, authority.key_sealed):
        der = pii.unseal_bytes(sealed)  # opens with the same Fernet keys as ID numbers
        keys.load_key(der)
        assert sealed.startswith("gAAAAA") and base64.b64encode(der[:48]).decode() not in sealed
    assert pii.rotate_all() >= 2  # rotate_pii_key re-encrypts the signing keys too
    keys.load_key(pii.unseal_bytes(SigningCertificate.objects.get(pk=cert.pk).key_sealed))


def test_reissue_signs_anew_and_revocation_shows(filed, cast, django_capture_on_commit_callbacks, client):
    first = SigningCertificate.objects.get(org=cast.d1)
    services.revoke(first, by=cast.d1_admin, reason="私钥可能泄露")
    old = _pdf(filed)
    assert AuditEvent.objects.filter(action="signing.revoke").exists()
    [finding] = pdfsign.verify(old)
    assert finding.intact and finding.revoked and not finding.valid
    with django_capture_on_commit_callbacks(execute=True):
        stamping.reissue(filed, by=cast.d1_admin, reason="证书吊销后重新出具")
    filed.refresh_from_db()
    new = _pdf(filed)
    second = SigningCertificate.objects.get(org=cast.d1, revoked_at__isnull=True)
    assert second != first
    [finding] = pdfsign.verify(new)
    assert finding.valid and finding.certificate == second
    page = client.get(f"/filings/verify/{filed.token}/").content.decode()
    assert "数字签名有效" in page
    superseded = filed.superseded_pdfs.get()
    page = client.get(f"/filings/verify/{superseded.token}/").content.decode()
    assert "被吊销（私钥可能泄露）" in page


def test_no_ca_no_certificate_means_an_unsigned_pdf(submitted_filing, cast, django_capture_on_commit_callbacks):
    from filings import workflow

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    submitted_filing.refresh_from_db()
    assert pdfsign.verify(_pdf(submitted_filing)) == []


def test_ca_is_created_once(authority):
    with pytest.raises(ValidationError):
        services.create_ca()
