"""What every register of people stores about a person, written once: gender as one code, the ID
number sealed (ciphertext, keyed blind index, last four in plain), a mobile number, the moment the
person's data was erased. ``Member`` and ``Volunteer`` inherit it (pretix's ``AbstractPosition``)."""

from django.db import models

from lib import identity, pii


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


def gender_of(id_number: str) -> str:
    """The gender a valid resident ID number states (its 17th digit)."""
    return Gender.MALE if identity.id_is_male(id_number) else Gender.FEMALE


class Person(models.Model):
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    id_number = models.CharField("身份证号码", max_length=255, blank=True)  # sealed: via set_id_number only
    #: keyed blind index (``lib.pii.id_hash``): search and duplicate checks without the number
    id_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    #: the last four characters (``lib.pii.tail``), for the list's search; no more than the mask shows
    id_tail = models.CharField("身份证号码末四位", max_length=4, blank=True, editable=False)
    phone = models.CharField("手机号码", max_length=11, blank=True)
    erased_at = models.DateTimeField("个人信息删除时间", null=True, blank=True, editable=False)

    #: kept out of field history: the index and the tail say nothing the sealed column does not
    UNHISTORIED = ["id_hash", "id_tail"]

    class Meta:
        abstract = True

    def set_id_number(self, plain: str) -> None:
        """Seal ``plain`` (a validated number, or "") into the three ID columns."""
        self.id_number, self.id_tail = pii.seal(plain), pii.tail(plain)
        self.id_hash = pii.id_hash(plain) if plain else None

    @property
    def full_id(self) -> str:
        return pii.unseal(self.id_number)

    @property
    def masked_id(self) -> str:
        return pii.masked_id(self.id_number)

    @property
    def masked_phone(self) -> str:
        return identity.mask_phone(self.phone)


#: how a person's field history is shown: masked, always (a full view is the logged action)
HISTORY_MASK = {"id_number": pii.masked_id, "phone": identity.mask_phone}
