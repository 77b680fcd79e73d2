"""The PDF of record of a filed filing (checklist row 19): rendered once, after the approval has
committed and outside every lock, kept with its SHA-256, and served as stored.

A filed filing without its PDF yet is a normal, visible state: its page says the PDF is being
prepared, and asking for the PDF renders it then (``pdf_of_record``), so a render that failed
after the approval is retried, never silently left out.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from filings import pdf
from filings.models import Filing, Status

logger = logging.getLogger(__name__)


class StampFailed(Exception):
    """The PDF of record could not be rendered; the filing stays filed without one (retried later)."""


def stamp_after_commit(filing: Filing) -> None:
    """Render ``filing``'s PDF once the caller's transaction has committed."""
    pk = filing.pk
    transaction.on_commit(lambda: _stamp_or_log(pk))


def _stamp_or_log(pk: int) -> None:
    try:
        stamp(Filing.objects.select_related("org", "record_body").get(pk=pk))
    except StampFailed:
        pass  # logged by stamp(); the filing page shows the missing PDF and the next download retries


def stamp(filing: Filing) -> Filing:
    """Render and store the PDF of a filed filing that has none. The render runs outside any
    transaction; only storing it takes the filing's lock, and a PDF stored meanwhile by another
    request (or a re-issue that changed the token the QR code points at) wins over this one."""
    if filing.status != Status.FILED or filing.stamped_pdf:
        return filing
    try:
        data = pdf.render_filing(filing)
    except Exception as exc:  # WeasyPrint raises many types; every one means "no PDF yet"
        logger.exception("备案表 %s 的正式 PDF 生成失败", filing.pk)
        raise StampFailed("正式备案表 PDF 生成失败，请稍后重试；如仍失败，请联系管理员重新出具。") from exc
    with transaction.atomic():
        locked = Filing.objects.select_for_update().get(pk=filing.pk)
        if locked.status != Status.FILED or locked.stamped_pdf or locked.token != filing.token:
            return locked
        locked.pdf_sha256 = pdf.sha256(data)
        locked.stamped_pdf.save("stamped.pdf", ContentFile(data), save=False)
        locked.save(update_fields=["stamped_pdf", "pdf_sha256"])
    return locked


def pdf_of_record(filing: Filing) -> bytes:
    """The PDF to hand out: the stored one for a filed filing (rendered now if it is still
    missing), a fresh draft print otherwise. Raises ``StampFailed`` when rendering fails."""
    if filing.status != Status.FILED:
        return pdf.render_filing(filing)
    filing = stamp(filing)
    with filing.stamped_pdf.open("rb") as f:
        return f.read()


def verify_pdf(filing: Filing, data: bytes) -> bool:
    return bool(filing.pdf_sha256) and pdf.sha256(data) == filing.pdf_sha256
