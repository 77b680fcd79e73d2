"""备案 (seed 000, 附件1 «基层组织成立备案表»): the filing, its attachments, reviews and e-seals.

One module per concern; everything is importable from ``filings.models`` as before (the app
label and the migrations are unchanged: the upload-path functions the migrations name are
re-exported here).
"""

from filings.models.attachment import (
    REQUIRED_ATTACHMENTS,
    Attachment,
    AttachmentKind,
    ScopedAttachmentHistory,
    _upload_to,
)
from filings.models.campaign import DEFAULT_DEADLINE, Campaign
from filings.models.export import _export_upload_to
from filings.models.filing import (
    FORM_FIELDS,
    NEXT,
    PHONE_FIELDS,
    REQUIRED_FIELDS,
    Filing,
    FilingCounter,
    ScopedHistory,
    Status,
    _stamped_upload_to,
    new_token,
)
from filings.models.review import Decision, Event, Review
from filings.models.seal import Seal, _seal_upload_to
from filings.models.superseded import SupersededPdf, _superseded_upload_to
from orgs.models import Category

__all__ = [
    "DEFAULT_DEADLINE", "FORM_FIELDS", "NEXT", "PHONE_FIELDS", "REQUIRED_ATTACHMENTS", "REQUIRED_FIELDS", "Attachment",
    "AttachmentKind", "Campaign", "Category", "Decision", "Event", "Filing", "FilingCounter",
    "Review", "ScopedAttachmentHistory", "ScopedHistory", "Seal", "Status",
    "SupersededPdf",
    "_export_upload_to", "_seal_upload_to", "_stamped_upload_to", "_superseded_upload_to", "_upload_to", "new_token",
]
