"""lib/pii.py: sealing, key rotation and the one blind index (checklist row 14)."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from lib import pii
from members import services as members
from members.models import Member
from orgs.models import AuditEvent
from tests.members.factories import make_id
from tests.volunteers import factories as vf
from volunteers.models import Volunteer


def test_seal_is_randomised_and_round_trips():
    value = make_id()
    first, second = pii.seal(value), pii.seal(value)
    assert first != second and value not in first  # a fresh IV each time: equal IDs look different
    assert pii.unseal(first) == pii.unseal(second) == value
    assert pii.seal("") == "" and pii.unseal("") == ""
    assert pii.seal(value.lower()) and pii.unseal(pii.seal(value[:17] + "x")) == value[:17] + "X"


def test_blind_index_is_keyed_and_normalised(settings):
    value = make_id()
    assert pii.id_hash(value) == pii.id_hash(f" {value.lower()} ") and value not in pii.id_hash(value)
    before = pii.id_hash(value)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert pii.id_hash(value) != before


def test_wrong_key_cannot_read(settings):
    sealed = pii.seal(make_id())
    settings.PII_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(pii.InvalidToken):
        pii.unseal(sealed)
    assert not pii.is_sealed(sealed) and not pii.is_sealed("510502199005170011")


def test_bad_key_setting_is_refused_in_chinese(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.PII_ENCRYPTION_KEY = "not-a-key"
    with pytest.raises(ImproperlyConfigured, match="Fernet"):
        pii.seal(make_id())


@pytest.mark.django_db
def test_rotation_rewrites_every_sealed_column(cast, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEY = old
    value = make_id()
    member = members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="甲", id_number=value,
                                   phone="13800000000")
    volunteer = vf.volunteer(cast.t1, cast.t1_staff)
    settings.PII_ENCRYPTION_KEY = f"{new},{old}"  # new key first; old still decrypts
    call_command("rotate_pii_key", stdout=io.StringIO())
    settings.PII_ENCRYPTION_KEY = new  # old key dropped: everything must still read
    assert Member.objects.get(pk=member.pk).full_id == value
    assert pii.unseal(member.history.earliest("history_date").id_number) == value
    assert len(Volunteer.objects.get(pk=volunteer.pk).full_id) == 18
    assert AuditEvent.objects.filter(action="pii.rotate_key").exists()


@pytest.mark.django_db
def test_members_and_volunteers_share_one_blind_index(cast):
    value = vf.resident_id()
    volunteer = vf.volunteer(cast.t1, cast.t1_staff, id_number=value)
    member = members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="乙", id_number=value,
                                   phone="13800000000")
    assert volunteer.id_hash == member.id_hash == pii.id_hash(value)
