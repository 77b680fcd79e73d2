"""Attachment uploads (security checklist row 22): sniffed content, size and count caps,
random stored names under MEDIA_ROOT (outside the web root), served only by a scoped view.
Images are decoded and re-encoded by Pillow, so that only pixels are kept (no trailing payloads,
polyglots or metadata); what Pillow cannot decode, or a decompression bomb, is refused. PDFs are
stored as uploaded and served back with ``nosniff`` (as downloads, or inline to the portal's own
preview frame), never rendered on the server."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from filings.models import Attachment, Filing
from orgs import scoping

MAX_BYTES = 5 * 1024 * 1024
MAX_PER_FILING = 10
#: larger images are refused as decompression bombs (an A4 scan at 300 dpi is about 8.7 million).
MAX_PIXELS = 40_000_000
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
#: magic bytes → (content type, extensions the file name may have)
SIGNATURES = (
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
)


def sniff(upload) -> str:
    """The content type the bytes prove, checked against the file name's extension."""
    if upload.size == 0:
        raise ValidationError("文件为空。")
    if upload.size > MAX_BYTES:
        raise ValidationError("文件不能超过 5 MB。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = (upload.name or "").lower()
    ext = name[name.rfind(".") :] if "." in name else ""
    for magic, content_type, exts in SIGNATURES:
        if head.startswith(magic):
            if ext not in exts:
                raise ValidationError("文件扩展名与内容不符。")
            return content_type
    raise ValidationError("只能上传 PDF、JPG 或 PNG 文件。")


def reencode_image(upload, content_type: str) -> ContentFile:
    """Decode the image and write its pixels afresh in the same format."""
    fmt = PILLOW_FORMATS[content_type]
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole process, so a cut-off
            # file would load; verify() still checks a PNG's chunks and checksums to the end.
            with Image.open(upload, formats=[fmt]) as image:
                image.verify()
            upload.seek(0)
            with Image.open(upload, formats=[fmt]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError("图片尺寸过大（超过 4000 万像素），已拒绝。")
                image.load()
                pixels = image.convert("RGB") if fmt == "JPEG" and image.mode not in ("RGB", "L") else image
                out = io.BytesIO()
                pixels.save(out, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("图片尺寸过大（超过 4000 万像素），已拒绝。") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError("图片文件已损坏或无法识别，已拒绝。") from None
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue())


def _stored_content(upload, content_type: str):
    return reencode_image(upload, content_type) if content_type in PILLOW_FORMATS else upload


@transaction.atomic
def add_attachment(filing: Filing, *, kind: str, upload, by) -> Attachment:
    scoping.require(by, "filing.edit", filing)
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if not filing.editable:
        raise ValidationError("已提交或已备案的备案表不能修改附件。")
    if filing.attachments.count() >= MAX_PER_FILING:
        raise ValidationError(f"每份备案表最多 {MAX_PER_FILING} 个附件。")
    content_type = sniff(upload)
    content = _stored_content(upload, content_type)
    original = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    att = Attachment(
        filing=filing,
        kind=kind,
        original_name=original,
        content_type=content_type,
        size=content.size,
        uploaded_by=by,
    )
    att.file.save("upload", content, save=False)
    att._history_user = by  # simple-history: who made this change
    att.save()
    return att


@transaction.atomic
def remove_attachment(att: Attachment, *, by) -> None:
    """Only while the filing is a draft or returned, decided under the filing's lock, the same
    lock ``workflow.submit_filing`` checks the required attachments under: a submit and a
    deletion sent at the same moment cannot leave a submitted filing without them."""
    scoping.require(by, "filing.edit", att.filing)
    filing = Filing.objects.select_for_update().get(pk=att.filing_id)
    if not filing.editable:
        raise ValidationError(f"备案表{filing.get_status_display()}，不能删除附件"
                              "（只有草稿或已退回的备案表可以更换附件）。")
    att = Attachment.objects.get(pk=att.pk)  # still there, now that the filing is ours
    att._history_user = by
    att.delete()
    transaction.on_commit(lambda name=att.file.name, storage=att.file.storage: storage.delete(name))


@transaction.atomic
def set_seal(body, *, upload, by):
    """Replace ``body``'s e-seal; PNG only."""
    from filings.models import Seal

    scoping.require(by, "seal.manage", body)
    if sniff(upload) != "image/png":
        raise ValidationError("电子印章必须是 PNG 图片。")
    content = reencode_image(upload, "image/png")
    seal = Seal.objects.filter(org=body).first() or Seal(org=body)
    if seal.pk:
        seal.image.delete(save=False)
    seal.uploaded_by = by
    seal.image.save("seal.png", content, save=False)
    seal.save()
    return seal
