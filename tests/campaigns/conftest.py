import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.filings.conftest import PDF_BYTES, complete_filing, pdf_upload, seals, submitted_filing  # noqa: F401


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name="doc.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
