"""A configured TSA (``SIGNING_TSA_URL``) timestamps the signature (PAdES B-T); none by default.
No TSA is reachable from the test machine, so pyHanko's in-process timestamper stands in for the
HTTP one, answering with a token signed by a TSA certificate of the deployment's CA."""

import datetime as dt

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from filings import stamping
from lib import pii
from signing import keys, pdfsign, services

pytestmark = pytest.mark.django_db


def test_no_tsa_by_default_and_the_setting_picks_one(settings):
    settings.SIGNING_TSA_URL = ""
    assert pdfsign.timestamper() is None
    settings.SIGNING_TSA_URL = "http://tsa.example.cn/tsp"
    stamper = pdfsign.timestamper()
    assert isinstance(stamper, HTTPTimeStamper) and stamper.url == "http://tsa.example.cn/tsp"


def _tsa(authority) -> DummyTimeStamper:
    ca = keys.KeyPair(keys.load_cert(authority.cert_pem), keys.load_key(pii.unseal_bytes(authority.key_sealed)), [])
    key = keys.new_key()
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(x509.Name.from_rfc4514_string("CN=Test TSA"))
            .issuer_name(ca.cert.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(ca.key, hashes.SHA256()))
    return DummyTimeStamper(tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER)),
                            tsa_key=asn1_keys.PrivateKeyInfo.load(keys.key_der(key)))


def test_a_tsa_timestamps_the_signature(authority, submitted_filing, cast, monkeypatch,
                                        django_capture_on_commit_callbacks):
    from filings import workflow

    monkeypatch.setattr(pdfsign, "timestamper", lambda: _tsa(authority))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    submitted_filing.refresh_from_db()
    [finding] = pdfsign.verify(stamping.pdf_of_record(submitted_filing))
    assert finding.valid and finding.timestamped
    assert services.active(cast.d1) == finding.certificate
