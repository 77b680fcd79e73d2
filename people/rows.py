"""The one check of a person's own fields in a row, whichever way the row comes: a form's
``clean()``, a service, a line of an Excel import. Each register adds its own rules around it
(``members.services.check_member_fields``: kinds and ages; volunteers: the register's duplicates)."""

from django.core.exceptions import ValidationError

from lib import identity
from people.models import gender_of


def check_person(*, id_number: str | None, phone: str = "", phone_required: bool = False) -> tuple[dict, dict]:
    """Returns (clean, errors). ``clean``: the normalised ID number with the birth date and gender
    it states, and the normalised phone; ``errors``: a Chinese message by field, every error at
    once. ``id_number=None``: the row has no ID to check (a group member); a phone is checked when
    given or required."""
    clean, errors = {}, {}
    if id_number is not None:
        try:
            value = identity.validate_resident_id(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages[0]
        else:
            clean.update(id_number=value, birth_date=identity.id_birth_date(value), gender=gender_of(value))
    if phone or phone_required:
        try:
            clean["phone"] = identity.validate_mobile(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages[0]
    return clean, errors
