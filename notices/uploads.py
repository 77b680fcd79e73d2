"""A notice's attachments and a reply's file (security checklist rows 22–23): the content decides
the type, not the name. PDFs and images as the filing's uploads (``filings.uploads``: images
re-encoded by Pillow); Word and Excel files are the OOXML zip formats (.docx, .xlsx), whose zip is
checked for size, entry count, ratio and paths before it is accepted; the old binary .doc/.xls are
refused (they can carry macros and cannot be checked the same way)."""

import zipfile

from django.core.exceptions import ValidationError

from filings.uploads import PILLOW_FORMATS, SIGNATURES, reencode_image

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
#: the unzipped size, entry count and ratio a real document stays far below
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 100
OOXML = {".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/document.xml"),
         ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/workbook.xml")}
ACCEPTED = "PDF、Word（.docx）、Excel（.xlsx）、JPG 或 PNG"


def _ext(name: str) -> str:
    name = (name or "").lower()
    return name[name.rfind("."):] if "." in name else ""


def _ooxml(upload, ext: str) -> str:
    content_type, main_part = OOXML[ext]
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
            unzipped = sum(e.file_size for e in entries)
            packed = sum(e.compress_size for e in entries) or 1
            if (len(entries) > MAX_ENTRIES or unzipped > MAX_UNZIPPED or unzipped / packed > MAX_RATIO
                    or any(n.startswith("/") or ".." in n.split("/") for n in names)):
                raise ValidationError("文件结构异常（疑似压缩炸弹或路径穿越），已拒绝。")
            if "[Content_Types].xml" not in names or main_part not in names:
                raise ValidationError("文件扩展名与内容不符。")
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise ValidationError("不接受含宏的文件。")
    except zipfile.BadZipFile:
        raise ValidationError("文件已损坏或无法识别，已拒绝。") from None
    finally:
        upload.seek(0)
    return content_type


def check(upload) -> tuple[str, object]:
    """(content type, content to store) of an accepted upload, or a ``ValidationError`` in Chinese."""
    if upload.size == 0:
        raise ValidationError("文件为空。")
    if upload.size > MAX_BYTES:
        raise ValidationError(f"文件不能超过 {MAX_BYTES // 1024 // 1024} MB。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    ext = _ext(upload.name)
    if head.startswith(b"PK\x03\x04"):
        if ext not in OOXML:
            raise ValidationError("文件扩展名与内容不符。")
        return _ooxml(upload, ext), upload
    for magic, content_type, exts in SIGNATURES:
        if head.startswith(magic):
            if ext not in exts:
                raise ValidationError("文件扩展名与内容不符。")
            if content_type in PILLOW_FORMATS:
                return content_type, reencode_image(upload, content_type)
            return content_type, upload
    raise ValidationError(f"只能上传 {ACCEPTED} 文件。")


def display_name(upload) -> str:
    return (upload.name or "附件").replace("\\", "/").rsplit("/", 1)[-1][:200]
