"""How much text each part of a filing may hold. The printed form decides (seed 000, 附件1): the
grid fits one A4 page with every field at its limit, and 概况 and 党组织意见 fit their cells plus
one 附页 between them (tests/filings/test_limits.py renders the largest allowed filing). The
limits also keep a request from storing text that would make the PDF slow to render.

The database columns stay as wide as they were; these limits are validators on the model fields
(so every path through ``full_clean`` keeps them) and ``maxlength`` in the forms.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible

from lib.identity import validate_phone

#: characters per field of the 备案表 (names of people fit one line of their cell at 15)
FIELD_LIMITS = {
    "name": 35,
    "host_unit": 26,
    "address": 40,
    "unit_head": 15,
    "leader_name": 15,
    "leader_phone": 20,
    "contact1_name": 15,
    "contact1_phone": 20,
    "contact2_name": 15,
    "contact2_phone": 20,
    "contact3_name": 15,
    "contact3_phone": 20,
    "host_profile": 1000,
    "party_opinion": 300,
}
#: paragraphs of the long texts: each may waste most of a line of the 附页
PARAGRAPH_LIMITS = {"host_profile": 10, "party_opinion": 5}
#: the reviewer's texts: the overall comment (shown on screen), one per field, and the comment
#: of an approval, which is printed in the 备案情况 cell beside the QR code and the seal
REVIEW_LIMITS = {"comment": 300, "field_comment": 100, "approval_comment": 60}


@deconstructible
class MaxParagraphsValidator:
    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value: str) -> None:
        if value and value.count("\n") >= self.limit:
            raise ValidationError(f"最多分 {self.limit} 段（现在是 {value.count(chr(10)) + 1} 段），请合并段落。",
                                  code="max_paragraphs")

    def __eq__(self, other) -> bool:
        return isinstance(other, MaxParagraphsValidator) and other.limit == self.limit


def validators_for(name: str) -> list:
    """The validators of a field of the form: its length, the paragraphs of the long texts, and
    the phone rule for the phones."""
    found = [MaxLengthValidator(FIELD_LIMITS[name])]
    if name in PARAGRAPH_LIMITS:
        found.append(MaxParagraphsValidator(PARAGRAPH_LIMITS[name]))
    if name.endswith("_phone"):
        found.append(validate_phone)
    return found


def check_review(comment: str, field_comments: dict, *, approving: bool = False) -> None:
    """The reviewer's texts, checked in the workflow whichever path they came by."""
    errors = {}
    limit = REVIEW_LIMITS["approval_comment" if approving else "comment"]
    if len(comment) > limit:
        errors["comment"] = (f"同意备案时的意见写入备案表“备案情况”栏，最多 {limit} 字（现在是 {len(comment)} 字）。"
                             if approving else f"审核意见最多 {limit} 字（现在是 {len(comment)} 字）。")
    for name, text in field_comments.items():
        if len(text) > REVIEW_LIMITS["field_comment"]:
            errors[f"fc_{name}"] = f"逐项意见最多 {REVIEW_LIMITS['field_comment']} 字（现在是 {len(text)} 字）。"
    if errors:
        raise ValidationError(errors)
