"""Personal identifiers: validation and masking, in one place for members and volunteers alike.

Algorithms as given in ../shared/security-checklist.md:
* resident ID, GB 11643-1999 (ISO 7064 MOD 11-2 check character, real birth date, province code);
* unified social credit code, GB 32100-2015 (check character over a 31-symbol alphabet);
* mainland mobile numbers ``^1[3-9]\\d{9}$``.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
RESIDENT_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
PROVINCE_CODES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66),
     71, 81, 82, 83]
)
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def compact(value: str) -> str:
    """An identifier as people type or paste it, made one string: NFKC folds full-width digits,
    letters and the ideographic space (５１０１, ｘ, U+3000) to their ASCII forms, then every space
    and invisible format character (zero-width space, BOM) inside is dropped. Forms, imports, the
    public application and the blind index all see the same number."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in value if not ch.isspace() and unicodedata.category(ch) != "Cf")


def normalize_resident_id(value: str) -> str:
    """``compact``, upper-case a trailing x, and widen an old 15-digit number to 18."""
    value = compact(value).upper()
    if len(value) == 15 and value.isascii() and value.isdigit():
        first17 = value[:6] + "19" + value[6:]
        value = first17 + id_check_char(first17)
    return value


def id_birth_date(value: str) -> date:
    """The birth date inside an 18-character resident ID (assumed already validated)."""
    return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def id_is_male(value: str) -> bool:
    return int(value[16]) % 2 == 1


def validate_resident_id(value: str) -> str:
    """Return the normalised ID or raise ValidationError with a Chinese message."""
    value = normalize_resident_id(value)
    if not RESIDENT_ID_RE.fullmatch(value):  # ASCII digits only: other scripts' digits are not folded
        raise ValidationError("身份证号码应为18位（最后一位可为X）。", code="id_format")
    if int(value[:2]) not in PROVINCE_CODES:
        raise ValidationError("身份证号码的前两位不是有效的省级行政区划代码。", code="id_region")
    try:
        born = id_birth_date(value)
    except ValueError:
        raise ValidationError("身份证号码中的出生日期不存在。", code="id_birth") from None
    if born > timezone.localdate():
        raise ValidationError("身份证号码中的出生日期晚于今天。", code="id_birth")
    if id_check_char(value[:17]) != value[17]:
        raise ValidationError("身份证号码校验位错误，请核对。", code="id_check")
    return value


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """Validate a 统一社会信用代码. Raises with code ``credit_check`` when only the check character
    is wrong: some early pilot codes are legal yet fail it, so callers may let a reviewer override."""
    value = compact(value).upper()
    if len(value) != 18 or any(c not in CREDIT_ALPHABET for c in value):
        raise ValidationError("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。", code="credit_format")
    if credit_check_char(value[:17]) != value[17]:
        raise ValidationError("统一社会信用代码校验位错误，请核对。", code="credit_check")
    return value


def validate_mobile(value: str) -> str:
    value = (value or "").strip().replace(" ", "").replace("-", "")
    if not MOBILE_RE.fullmatch(value):
        raise ValidationError("请输入11位手机号码，例如 13800000000。", code="mobile")
    return value


#: a landline as stored: area code (010, 02x, or 0 and three digits), local number, extension
LANDLINE_RE = re.compile(r"(0(?:10|2\d|[3-9]\d\d))-([1-9]\d{6,7})(?:-(\d{1,6}))?")
_LANDLINE_INPUT = re.compile(r"(0(?:10|2\d|[3-9]\d\d))-?([1-9]\d{6,7})(?:(?:-|转|分机|ext\.?|x|#)(\d{1,6}))?",
                             re.IGNORECASE)
PHONE_MESSAGE = ("请输入11位手机号码（如 13800000000）或带区号的固定电话（如 028-26543210、0832-1234567，"
                 "分机号可写在后面：028-26543210-123）。")


def validate_phone(value: str) -> str:
    """A contact phone: a mainland mobile, or a landline with its area code (three-digit codes
    010/02x have eight-digit numbers, four-digit codes seven or eight) and an optional extension.
    Full-width characters, spaces, brackets and dashes are accepted; returns the stored form
    ``13800000000`` or ``028-26543210[-123]``."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    text = re.sub(r"[\s()]", "", text.replace("—", "-").replace("–", "-"))
    digits = re.sub(r"^\+?86-?(?=1)", "", text).replace("-", "")
    if MOBILE_RE.fullmatch(digits):
        return digits
    match = _LANDLINE_INPUT.fullmatch(text)
    if match:
        area, local, extension = match.groups()
        if len(area) == 4 or len(local) == 8:
            return f"{area}-{local}" + (f"-{extension}" if extension else "")
    raise ValidationError(PHONE_MESSAGE, code="phone")


def mask_id(value: str) -> str:
    """5101**********123X: the region's first four and the last four characters stay."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****0000; a landline keeps its area code and last four: 028-****3210(-***)."""
    if not value:
        return ""
    landline = LANDLINE_RE.fullmatch(value)
    if landline:
        area, local, extension = landline.groups()
        return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}" + (f"-{'*' * len(extension)}" if extension else "")
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
