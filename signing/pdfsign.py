"""Signing a PDF (PAdES B-B, or B-T where a TSA is configured) and reading its signatures back.

pyHanko writes the signature as an incremental update with a visible signature field at the box
the caller gives (the e-seal's place on the form); any change to the signed bytes afterwards
makes the signature fail, in pyHanko, poppler's ``pdfsig`` and any PDF reader.
"""

import asyncio
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from lib import pii
from signing import keys
from signing.models import CertificateAuthority, SignedPdf, SigningCertificate

logger = logging.getLogger(__name__)

FIELD_NAME = "RecordSeal"
#: the visible signature shows the signing time over the e-seal; digits only (pyHanko's built-in
#: font has no CJK glyphs), and no border or background, so the seal stays as printed
STAMP = TextStampStyle(stamp_text="%(ts)s", timestamp_format="%Y-%m-%d %H:%M", border_width=0)


def _asn1_cert(cert) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _run(coroutine):
    """pyHanko's work is asynchronous; its synchronous wrappers call ``asyncio.run``, which fails
    inside a running event loop (an async caller, a browser test's thread), so that case runs the
    coroutine in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def signer_for(cert: SigningCertificate) -> signers.SimpleSigner:
    chain = [_asn1_cert(c) for c in keys.load_chain(cert.chain_pem)]
    return signers.SimpleSigner(
        signing_cert=_asn1_cert(keys.load_cert(cert.cert_pem)),
        signing_key=asn1_keys.PrivateKeyInfo.load(pii.unseal_bytes(cert.key_sealed)),
        cert_registry=SimpleCertificateStore.from_certs(chain))


def timestamper():
    url = getattr(settings, "SIGNING_TSA_URL", "")
    return timestamps.HTTPTimeStamper(url, timeout=10) if url else None


def sign(data: bytes, cert: SigningCertificate, *, page: int, box: tuple, document: str,
         reason: str = "备案盖章") -> bytes:
    """``data`` signed by ``cert`` with a visible signature at ``box`` (PDF points) on ``page``;
    the signed file is recorded by its SHA-256 as ``document``."""
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES, reason=reason,
                                        location=cert.org.name, name=cert.subject)
    pdf_signer = signers.PdfSigner(
        meta, signer=signer_for(cert), timestamper=timestamper(), stamp_style=STAMP,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=page,
                                           box=tuple(round(v, 2) for v in box)))
    signed = _run(pdf_signer.async_sign_pdf(writer)).getvalue()
    SignedPdf.objects.create(sha256=hashlib.sha256(signed).hexdigest(), certificate=cert,
                             document=document[:200])
    return signed


def trust_roots() -> list[asn1_x509.Certificate]:
    """The deployment's root and every certificate registered here (an office's own certificate
    is trusted because an admin of its body registered it)."""
    roots = [_asn1_cert(keys.load_cert(pem)) for pem in CertificateAuthority.objects.values_list("cert_pem", flat=True)]
    for cert_pem, chain_pem in SigningCertificate.objects.values_list("cert_pem", "chain_pem"):
        roots.append(_asn1_cert(keys.load_cert(cert_pem)))
        roots += [_asn1_cert(c) for c in keys.load_chain(chain_pem)]
    return roots


@dataclass
class Finding:
    """What the verification page says about one signature of an uploaded PDF."""

    signer: str
    signed_at: datetime | None
    intact: bool  # the signed bytes are unchanged and the signature value checks out
    whole_file: bool  # nothing was appended after signing
    trusted: bool  # the certificate chains to the platform's root or a registered certificate
    certificate: SigningCertificate | None  # the registered certificate, when it is one of ours
    timestamped: bool

    @property
    def revoked(self) -> bool:
        return bool(self.certificate and self.certificate.revoked)

    @property
    def valid(self) -> bool:
        return self.intact and self.whole_file and self.trusted and not self.revoked


class Unreadable(Exception):
    pass


def verify(data: bytes) -> list[Finding]:
    """Every signature in ``data``; ``Unreadable`` when the file is no PDF pyHanko can parse."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # a damaged file raises many kinds of parse errors; each means "unreadable"
        raise Unreadable("无法读取该文件：不是 PDF 文件或文件已损坏。") from exc
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False, revocation_mode="soft-fail")
    findings = []
    for sig in embedded:
        try:
            status = _run(async_validate_pdf_signature(sig, context))
            intact, trusted = bool(status.intact and status.valid), bool(status.trusted)
            whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
            signing_cert = status.signing_cert
            signed_at = status.signer_reported_dt
            timestamped = status.timestamp_validity is not None
        except Exception:  # a signature whose bytes no longer parse is a broken signature
            logger.info("上传的 PDF 中的签名无法验证", exc_info=True)
            intact = trusted = whole = timestamped = False
            signing_cert, signed_at = getattr(sig, "signer_cert", None), None
        registered = None
        if signing_cert is not None:
            fp = hashlib.sha256(signing_cert.dump()).hexdigest()
            registered = SigningCertificate.objects.select_related("org").filter(fingerprint=fp).first()
        name = signing_cert.subject.native.get("common_name", "") if signing_cert is not None else ""
        findings.append(Finding(signer=str(name) or "（无法识别）", signed_at=signed_at, intact=intact,
                                whole_file=whole, trusted=trusted, certificate=registered, timestamped=timestamped))
    return findings
