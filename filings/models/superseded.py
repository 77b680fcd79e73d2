"""Earlier PDFs of record of a filing, replaced by a re-issue (``filings.stamping.reissue``)."""

import secrets

from django.db import models
from django.utils import timezone

from filings.models.filing import Filing
from orgs.querysets import ScopedQuerySet


def _superseded_upload_to(instance, filename) -> str:
    return f"filings/superseded/{secrets.token_hex(16)}.pdf"


class SupersededPdf(models.Model):
    """A PDF that was the filing's official copy until an admin re-issued it. Its QR code still
    leads to the public verification page (by ``token``), which then says it was superseded; the
    file is kept for the record and never served."""

    ORG_PATH = "filing__org__path"

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="superseded_pdfs",
                               verbose_name="备案表")
    token = models.CharField("核验码", max_length=64, unique=True, editable=False)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, editable=False)
    file = models.FileField("PDF", upload_to=_superseded_upload_to, blank=True, editable=False)
    superseded_at = models.DateTimeField("作废时间", default=timezone.now)
    superseded_by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, related_name="+",
                                      verbose_name="重新出具人")
    reason = models.CharField("重新出具原因", max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "已作废的备案表 PDF"
        verbose_name_plural = "已作废的备案表 PDF"
        ordering = ["-superseded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filing_id} {self.pdf_sha256[:12]}（{self.superseded_at:%Y-%m-%d}作废）"
