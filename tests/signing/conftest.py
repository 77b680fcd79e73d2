import pytest

from filings.models import Filing
from signing import services
from tests.filings.conftest import complete_filing, seals, submitted_filing  # noqa: F401  (shared fixtures)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def authority(db):
    return services.create_ca()


@pytest.fixture
def filed(authority, submitted_filing, cast, django_capture_on_commit_callbacks):  # noqa: F811
    """t1's filing approved by 雁江区 with the deployment CA in place: its PDF is signed."""
    from filings import workflow

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    return Filing.objects.get(pk=submitted_filing.pk)
