"""Validators that model fields of several apps share."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible
class NotInFuture:
    """A date that records something already done — joined, registered, founded, served, issued —
    cannot be later than today. As a field's validator it speaks in forms, ``full_clean`` and the
    imports alike, next to the field (or the cell)."""

    def __init__(self, label: str):
        self.label = label

    def __call__(self, value) -> None:
        if value is not None and value > timezone.localdate():
            raise ValidationError(f"{self.label}不能晚于今天。", code="future")

    def __eq__(self, other) -> bool:
        return isinstance(other, NotInFuture) and other.label == self.label
