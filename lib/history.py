"""Field-level change history of any model with ``history = HistoricalRecords()`` (checklist row 17),
in the shape the detail pages show: when, who, and each changed field as old → new."""

from dataclasses import dataclass
from functools import partial


@dataclass
class Change:
    at: object
    user: object
    kind: str  # 新建 / 修改 / 删除
    fields: list[tuple[str, object, object]]


KINDS = {"+": "新建", "~": "修改", "-": "删除"}


def _shown(field, value):
    """A stored value as the forms show it: a choice by its label (a status is 已提交, never
    ``submitted``), a yes/no field as 是/否."""
    if value is None or value == "":
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def changes(obj, *, limit: int = 20, mask=None) -> list[Change]:
    """The latest ``limit`` changes of ``obj``; ``mask`` maps field names to a masking function
    so that personal data never appears whole in a history table."""
    mask = mask or {}
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit + 1])
    result = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(result) == limit:
            break
        fields = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                field = obj._meta.get_field(change.field)
                show = mask.get(change.field) or partial(_shown, field)
                fields.append((field.verbose_name, show(change.old), show(change.new)))
        result.append(Change(newer.history_date, newer.history_user, KINDS[newer.history_type], fields))
    return result


def scrub(obj, values: dict, **also) -> None:
    """Erasure (删除个人信息): overwrite ``values`` on the row and in every version of its field
    history, so the person is named nowhere; ``also``: columns set on the row alone (markers, keys)."""
    for field, value in {**values, **also}.items():
        setattr(obj, field, value)
    obj.save()
    obj.history.update(**values)
