"""The one Excel import page (people.views.import_upload), routed per kind: a file that is not a
workbook gets its reason next to the file field, and nothing is saved, for members and volunteers
alike; each kind keeps its own permission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Member
from volunteers.models import Volunteer


@pytest.mark.parametrize(("url", "extra", "model"), [
    ("members:import", {"commit": "1"}, Member),
    ("volunteers:import", {"kind": "volunteers"}, Volunteer),
])
def test_a_file_that_is_not_a_workbook_is_refused_next_to_the_file_field(cast, login, url, extra, model):
    upload = SimpleUploadedFile("名单.xlsx", b"not a zip at all", content_type="application/octet-stream")
    data = {"file": upload, **extra}
    if url.startswith("volunteers"):
        data["org"] = cast.t1.pk
    response = login(cast.t1_staff).post(reverse(url), data)
    assert response.status_code == 200 and response.context["result"] is None
    assert response.context["form"].errors["file"] and model.objects.count() == 0


def test_each_kind_keeps_its_own_permission(cast, login):
    """A district reviewer may edit volunteers but not import members (``member.import``)."""
    reviewer = login(cast.d1_reviewer)
    assert reviewer.get(reverse("members:import")).status_code == 403
    assert reviewer.get(reverse("volunteers:import")).status_code == 200
