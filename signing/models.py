"""Signing certificates of the reviewing bodies and the PDFs signed with them.

Private keys are stored sealed (``lib.pii.seal_bytes``: the Fernet keys that protect ID numbers,
rotated with them by ``manage.py rotate_pii_key``); certificates are public and kept as PEM.
"""

from django.db import models
from django.utils import timezone

from orgs.models import Organization
from orgs.querysets import ScopedQuerySet


class CertificateAuthority(models.Model):
    """The deployment's own root CA (``manage.py create_signing_ca``, made once). Offices install
    its certificate (downloadable at /signing/ca.crt) to trust the bodies' signatures."""

    name = models.CharField("名称", max_length=200)
    cert_pem = models.TextField("根证书（PEM）")
    key_sealed = models.TextField("私钥（加密保存）", editable=False)
    fingerprint = models.CharField("SHA-256 指纹", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "平台根证书"
        verbose_name_plural = "平台根证书"

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    CA = "ca", "平台根证书签发"
    PKCS12 = "pkcs12", "导入 PKCS#12 文件"


class SigningCertificate(models.Model):
    """The certificate a reviewing body signs its filed PDFs with; the newest one not revoked is
    in use. Revoking it does not change a signed PDF, but the verification page says so."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="signing_certificates",
                            verbose_name="红十字会")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    subject = models.CharField("证书主体", max_length=300)
    issuer = models.CharField("签发者", max_length=300)
    serial = models.CharField("序列号", max_length=80)
    fingerprint = models.CharField("SHA-256 指纹", max_length=64, unique=True)
    not_before = models.DateTimeField("生效时间")
    not_after = models.DateTimeField("到期时间")
    cert_pem = models.TextField("证书（PEM）")
    chain_pem = models.TextField("证书链（PEM）", blank=True)
    key_sealed = models.TextField("私钥（加密保存）", editable=False)
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    created_by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="登记人")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_reason = models.CharField("吊销原因", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "签名证书"
        verbose_name_plural = "签名证书"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject}（{self.serial[:16]}）"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class SignedPdf(models.Model):
    """Every PDF the platform signed, by its SHA-256: an uploaded copy is recognised as ours."""

    ORG_PATH = "certificate__org__path"

    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    certificate = models.ForeignKey(SigningCertificate, on_delete=models.PROTECT, related_name="signed_pdfs",
                                    verbose_name="签名证书")
    document = models.CharField("文件", max_length=200)
    signed_at = models.DateTimeField("签名时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "已签名的 PDF"
        verbose_name_plural = "已签名的 PDF"

    def __str__(self) -> str:
        return self.document
