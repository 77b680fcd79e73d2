"""Field-level change history of any model with ``history = HistoricalRecords()`` (checklist row 17),
in the shape the detail pages show: when, who, and each changed field as old → new."""

from dataclasses import dataclass


@dataclass
class Change:
    at: object
    user: object
    kind: str  # 新建 / 修改 / 删除
    fields: list[tuple[str, object, object]]


KINDS = {"+": "新建", "~": "修改", "-": "删除"}


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
                show = mask.get(change.field, lambda v: v)
                label = obj._meta.get_field(change.field).verbose_name
                fields.append((label, show(change.old), show(change.new)))
        result.append(Change(newer.history_date, newer.history_user, KINDS[newer.history_type], fields))
    return result


def scrub(obj, values: dict, **also) -> None:
    """Erasure (删除个人信息): overwrite ``values`` on the row and in every version of its field
    history, so the person is named nowhere; ``also``: columns set on the row alone (markers, keys)."""
    for field, value in {**values, **also}.items():
        setattr(obj, field, value)
    obj.save()
    obj.history.update(**values)
