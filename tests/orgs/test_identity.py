import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import identity

VALID_IDS = ["11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("value", VALID_IDS)
def test_published_ids_are_valid(value):
    assert identity.validate_resident_id(value) == value


def test_lowercase_x_is_accepted_and_upper_cased():
    assert identity.validate_resident_id("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize("value, code", [
    ("110105194912310021", "id_check"),  # wrong check character
    ("11010519490231002X", "id_birth"),  # 31 February
    ("99010519491231002X", "id_region"),  # no province 99
    ("1101051949123100", "id_format"),
])
def test_bad_ids_are_refused_with_reason(value, code):
    with pytest.raises(ValidationError) as exc:
        identity.validate_resident_id(value)
    assert exc.value.code == code


def test_fifteen_digit_id_is_widened_with_check_char():
    widened = identity.normalize_resident_id("110105491231002")
    assert widened[:8] == "11010519" and len(widened) == 18
    assert identity.validate_resident_id(widened) == widened


birth_dates = st.dates(min_value=__import__("datetime").date(1920, 1, 1),
                       max_value=__import__("datetime").date(2020, 12, 31))


@settings(max_examples=1000, deadline=None)
@given(region=st.sampled_from(["110105", "510902", "440524", "650102"]), born=birth_dates,
       seq=st.integers(0, 999), wrong=st.sampled_from(list("0123456789X")))
def test_any_computed_check_digit_validates_and_any_other_does_not(region, born, seq, wrong):
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    good = first17 + identity.id_check_char(first17)
    assert identity.validate_resident_id(good) == good
    if wrong != good[-1]:
        with pytest.raises(ValidationError):
            identity.validate_resident_id(first17 + wrong)


def test_credit_code_published_example():
    assert identity.validate_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    with pytest.raises(ValidationError) as exc:
        identity.validate_credit_code("91350100M000100Y44")
    assert exc.value.code == "credit_check"


@pytest.mark.parametrize("phone, ok", [("13800000000", True), ("12800000000", False), ("1380000000", False)])
def test_mobile(phone, ok):
    if ok:
        assert identity.validate_mobile(phone) == phone
    else:
        with pytest.raises(ValidationError):
            identity.validate_mobile(phone)


def test_masks():
    assert identity.mask_id("51010519491231123X") == "5101**********123X"
    assert identity.mask_phone("13800001234") == "138****1234"


@pytest.mark.parametrize("typed", [
    "１１０１０５１９４９１２３１００２Ｘ",          # full-width digits and letter
    "110105 19491231 002x",                          # spaces between the groups
    "１１０１０５\u3000１９４９１２３１\u3000００２ｘ",  # ideographic spaces, full-width small x
    "\u200b11010519491231002X\ufeff",                # zero-width space, byte-order mark
])
def test_typed_ids_normalise_to_one_number(typed):
    assert identity.validate_resident_id(typed) == "11010519491231002X"


def test_digits_of_other_scripts_are_not_an_id():
    with pytest.raises(ValidationError) as exc:  # Arabic-Indic digits pass str.isdigit() but are no ID
        identity.validate_resident_id("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X")
    assert exc.value.code == "id_format"


def test_credit_code_typed_full_width_with_spaces():
    assert identity.validate_credit_code("９１３５ ０１００ Ｍ０００１００Ｙ４３") == "91350100M000100Y43"
