"""联系电话 on the 备案表: a mobile or a landline with its area code (lib.identity.validate_phone)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import identity


@pytest.mark.parametrize("given_value, stored", [
    ("13800000000", "13800000000"),
    ("138 0000 0000", "13800000000"),
    ("+86 138-0000-0000", "13800000000"),
    ("028-26543210", "028-26543210"),
    ("02826543210", "028-26543210"),
    ("(028)26543210", "028-26543210"),
    ("（028）2654 3210", "028-26543210"),
    ("０２８－２６５４３２１０", "028-26543210"),
    ("010-62345678", "010-62345678"),
    ("0832-1234567", "0832-1234567"),
    ("0832-12345678", "0832-12345678"),
    ("028-26543210-123", "028-26543210-123"),
    ("028-26543210转8001", "028-26543210-8001"),
    ("0832-1234567 ext 45", "0832-1234567-45"),
])
def test_mobiles_and_landlines_with_area_code_are_accepted(given_value, stored):
    assert identity.validate_phone(given_value) == stored


@pytest.mark.parametrize("value", [
    "26543210",            # no area code
    "12345",
    "12800000000",         # not a mobile prefix
    "1380000000",          # ten digits
    "028-2654321",         # a three-digit area code has eight-digit numbers
    "0832-123456",         # too short
    "0832-123456789",      # too long
    "028-06543210",        # local numbers do not start with 0
    "128-26543210",        # area codes start with 0
    "028-26543210-1234567",  # extension too long
    "028-2654abcd",
    "",
])
def test_other_values_are_refused_in_chinese(value):
    with pytest.raises(ValidationError) as exc:
        identity.validate_phone(value)
    assert "固定电话" in exc.value.messages[0] and "区号" in exc.value.messages[0]


@settings(max_examples=1000, deadline=None)
@given(area=st.sampled_from(["010", "020", "028", "0832", "0755", "0991"]),
       first=st.integers(1, 9), rest=st.text("0123456789", min_size=6, max_size=7))
def test_landlines_round_trip_and_mask_keeps_only_area_and_last_four(area, first, rest):
    local = f"{first}{rest}"
    if len(area) == 3 and len(local) != 8:
        with pytest.raises(ValidationError):
            identity.validate_phone(f"{area}-{local}")
        return
    stored = identity.validate_phone(f"{area}{local}")
    assert stored == f"{area}-{local}" and identity.validate_phone(stored) == stored
    masked = identity.mask_phone(stored)
    assert masked == f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"


@pytest.mark.parametrize("value, masked", [
    ("13800001234", "138****1234"),
    ("028-26543210", "028-****3210"),
    ("0832-1234567", "0832-***4567"),
    ("028-26543210-123", "028-****3210-***"),
])
def test_masks(value, masked):
    assert identity.mask_phone(value) == masked
