"""Background jobs: a reviewer's ZIP of filing PDFs (DESIGN.md: django.tasks, database backend)."""

import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.tasks import task

from filings import pdf
from filings.models import ExportStatus, Filing, PdfExport, Status
from orgs import scoping


def filings_for(export: PdfExport):
    return (
        Filing.objects.visible_to(export.requested_by)
        .filter(org__path__startswith=export.org.path)
        .exclude(status=Status.DRAFT)
        .select_related("org")
        .order_by("org__path")
    )


@task
def build_pdf_zip(export_id: int) -> None:
    export = PdfExport.objects.select_related("org", "requested_by").get(pk=export_id)
    filings = list(filings_for(export))
    PdfExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, total=len(filings))
    # the ZIP goes to a temporary file, not to memory: a city's filings run to thousands of PDFs
    buffer = tempfile.TemporaryFile()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, filing in enumerate(filings, 1):
            if filing.status == Status.FILED and filing.stamped_pdf:
                with filing.stamped_pdf.open("rb") as f:
                    data = f.read()
            else:
                data = pdf.render_filing(filing)
            zf.writestr(f"{i:04d}-{filing.org.name}-{filing.get_status_display()}.pdf", data)
            PdfExport.objects.filter(pk=export.pk).update(done=i)
    export.refresh_from_db()
    buffer.seek(0)
    with buffer:
        export.file.save("export.zip", File(buffer), save=False)
    export.status = ExportStatus.DONE
    export.save(update_fields=["file", "status"])


@transaction.atomic
def request_export(*, by) -> PdfExport:
    scoping.require(by, "filing.review", by.org)
    export = PdfExport.objects.create(org=by.org, requested_by=by)
    transaction.on_commit(lambda: build_pdf_zip.enqueue(export.pk))
    return export
