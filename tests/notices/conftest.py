import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from notices import services
from tests.conftest import make_user
from tests.filings.conftest import PDF_BYTES


def pdf(name="通知.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dept(cast, operator):
    """A department under 雁江区 (not a town), with its own staff account."""
    from orgs import services as org_services

    org = org_services.create_org(parent=cast.d1, by=operator, name="区教育局红十字会", level="department",
                                  category="organ")
    cast.dept_staff = make_user("dept_staff", org, "staff")
    # a new sibling sorted by name shifts the others' paths: read the cast's orgs again
    from orgs.models import Organization, User

    for name, value in vars(cast).items():
        if isinstance(value, Organization):
            setattr(cast, name, Organization.objects.get(pk=value.pk))
        elif isinstance(value, User):
            setattr(cast, name, User.objects.select_related("org").get(pk=value.pk))
    return Organization.objects.get(pk=org.pk)


@pytest.fixture
def notice(cast, dept, django_capture_on_commit_callbacks):
    """雁江区 asks its towns (and only them) for a reply with a file."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.publish(by=cast.d1_reviewer, kind="notice", title="关于报送基层组织建设情况的通知",
                                body="请各镇（街道）于月底前报送。", files=[pdf()], reply_required=True,
                                targets=services.recipients(cast.d1, levels=["town"]))
