"""Scanning text for personal data: any GB 11643 number (check character verified), any mobile."""

import re

from django.core.exceptions import ValidationError

from lib import identity

CANDIDATE = re.compile(r"(?=(\d{17}[\dXx]))")  # overlapping: every 18-character window


def valid_ids(text: str) -> set[str]:
    """Every GB 11643 number inside ``text`` (format, region, birth date and check character)."""
    found = set()
    for match in CANDIDATE.finditer(text):
        try:
            found.add(identity.validate_resident_id(match.group(1)))
        except ValidationError:
            pass
    return found


MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
