"""The one check of a person's fields (``people.rows.check_person``), and the registers that use it:
the same refusal for the same bad number whether a member or a volunteer is being registered."""

import re

import pytest
from django.core.exceptions import ValidationError

from members import services as members
from people.models import Gender
from people.rows import check_person
from tests.members.factories import make_id
from tests.volunteers import factories as vf


def test_a_good_row_comes_back_normalised_with_what_the_number_states():
    number = make_id()
    clean, errors = check_person(id_number=number.lower(), phone=" 13912345678 ")
    assert errors == {}
    assert clean["id_number"] == number.upper() and clean["phone"] == "13912345678"
    assert clean["gender"] in (Gender.MALE, Gender.FEMALE) and clean["birth_date"].year > 1900


def test_every_error_of_a_row_is_reported_at_once_in_chinese():
    clean, errors = check_person(id_number="512002199001010011", phone="12345")
    assert set(errors) == {"id_number", "phone"} and clean == {}
    assert all(re.search(r"[\u4e00-\u9fff]", message) for message in errors.values())


def test_a_phone_is_checked_only_when_given_or_required():
    assert check_person(id_number=None)[1] == {}
    assert set(check_person(id_number=None, phone_required=True)[1]) == {"phone"}


@pytest.mark.django_db
def test_members_and_volunteers_refuse_a_bad_number_with_the_same_message(cast):
    bad = "512002199001010011"
    with pytest.raises(ValidationError) as member_refused:
        members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="甲", id_number=bad,
                              phone="13912345678")
    with pytest.raises(ValidationError) as volunteer_refused:
        vf.volunteer(cast.t1, cast.t1_staff, id_number=bad)
    assert member_refused.value.message_dict["id_number"] == volunteer_refused.value.message_dict["id_number"]
    assert check_person(id_number=bad)[1]["id_number"] == member_refused.value.message_dict["id_number"][0]
