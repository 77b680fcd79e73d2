"""The PDF of record of a filed filing (checklist row 19): rendered once, after the approval has
committed and outside every lock, kept with its SHA-256, and served as stored.

A filed filing without its PDF yet is a normal, visible state: its page says the PDF is being
prepared, and asking for the PDF renders it then (``pdf_of_record``), so a render that failed
after the approval is retried, never silently left out.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404

from filings import pdf
from filings.models import Filing, Status, SupersededPdf, new_token
from lib import audit
from orgs import scoping
from signing import pdfsign
from signing import services as signing

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
        data = _render_signed(filing)
    except Exception as exc:  # WeasyPrint and pyHanko raise many types; every one means "no PDF yet"
        logger.exception("备案表 %s 的正式 PDF 生成失败", filing.pk)
        raise StampFailed("正式备案表 PDF 生成失败，请稍后重试；如仍失败，请联系管理员重新出具。") from exc
    try:
        with transaction.atomic():
            locked = Filing.objects.select_for_update().get(pk=filing.pk)
            if locked.status != Status.FILED or locked.stamped_pdf or locked.token != filing.token:
                return locked
            locked.pdf_sha256 = pdf.sha256(data)
            locked.stamped_pdf.save("stamped.pdf", ContentFile(data), save=False)
            locked.save(update_fields=["stamped_pdf", "pdf_sha256"])
    except OSError as exc:  # the media folder or disk: the filing stays filed, its PDF comes later
        logger.exception("备案表 %s 的正式 PDF 无法保存", filing.pk)
        raise StampFailed("正式备案表 PDF 暂时无法保存（文件存储出错），请稍后重试；如仍失败，请联系管理员。") from exc
    return locked


def _render_signed(filing: Filing) -> bytes:
    """The PDF, signed by the reviewing body's certificate with a visible signature over its
    e-seal (``signing``); unsigned where the body has no certificate and no CA exists."""
    data = pdf.render_filing(filing)
    cert = signing.certificate_for(filing.record_body or filing.reviewing_body())
    place = getattr(data, "seal_place", None)
    if cert is None or place is None:
        return data
    page, box = place
    return pdfsign.sign(data, cert, page=page, box=box, document=f"备案表 {filing.number} {filing.name}")


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


def _require_reissuer(user, filing: Filing) -> None:
    scoping.require(user, "filing.reissue", filing)
    if not user.is_superuser and (user.org_id == filing.org_id or not user.org.is_body):
        raise PermissionDenied("只有县级以上红十字会的管理员可以重新出具备案表 PDF。")


def may_reissue(user, filing: Filing) -> bool:
    try:
        _require_reissuer(user, filing)
    except (PermissionDenied, Http404):
        return False
    return filing.status == Status.FILED


@transaction.atomic
def reissue(filing: Filing, *, by, reason: str) -> Filing:
    """An admin of a body above the org issues a new PDF of record (after the e-seal changed, or
    when rendering failed): a new file, hash and verification token, rendered after commit. The
    PDF it replaces keeps its token as a ``SupersededPdf``, so its QR code still leads to a page
    that says it was superseded. Logged as ``filing.reissue`` with the stated reason."""
    _require_reissuer(by, filing)
    reason = audit.stated_reason(reason)
    locked = Filing.objects.select_for_update().get(pk=filing.pk)
    if locked.status != Status.FILED:
        raise ValidationError("只有已备案的备案表可以重新出具 PDF。")
    superseded = locked.pdf_sha256
    if superseded:  # a PDF was handed out under this token: the token now tells it is superseded
        SupersededPdf.objects.create(filing=locked, token=locked.token, pdf_sha256=superseded,
                                     file=locked.stamped_pdf.name, superseded_by=by, reason=reason)
        locked.token = new_token()
    locked.stamped_pdf, locked.pdf_sha256 = "", ""
    locked._history_user = by  # simple-history: who made this change
    locked.save(update_fields=["token", "stamped_pdf", "pdf_sha256", "updated_at"])
    audit.record("filing.reissue", user=by, obj=locked, reason=reason, superseded_sha256=superseded)
    stamp_after_commit(locked)
    return locked
