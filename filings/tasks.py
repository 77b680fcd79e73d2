"""Background jobs: a reviewer's ZIP of filing PDFs, a kind of ``jobs.Job`` (progress, failure
with its reason and 重试, download by its requester only, purge)."""

import zipfile

from django.tasks import task

from filings import stamping
from filings.models import Filing, Status
from jobs import runner
from jobs import services as jobs
from lib.excel import write as xlsx
from orgs import scoping


def filings_for(job):
    return (
        Filing.objects.visible_to(job.requested_by)
        .filter(org__path__startswith=job.org.path)
        .exclude(status=Status.DRAFT)
        .select_related("org")
        .order_by("org__path")
    )


def _zip(job, progress):
    filings = list(filings_for(job))
    progress(0, len(filings))
    # the ZIP goes to a temporary file, not to memory: a city's filings run to thousands of PDFs
    path = xlsx.temp_path(".zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, filing in enumerate(filings, 1):
            data = stamping.pdf_of_record(filing)  # a filed one's stored PDF, the hash the QR checks
            zf.writestr(f"{i:04d}-{filing.org.name}-{filing.get_status_display()}.pdf", data)
            progress(i)
    return jobs.Outcome(f"已打包 {len(filings)} 份备案表。", path=path, filename=f"备案表-{job.org.name}.zip")


@task
def build_pdf_zip(job_id: int) -> None:
    runner.run(job_id, _zip)


def request_export(*, by):
    scoping.require(by, "filing.review", by.org)
    return jobs.start(build_pdf_zip, kind="filings.pdf_zip", title=f"批量导出备案表 PDF（{by.org.name}）", by=by)
