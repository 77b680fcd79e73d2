"""Volunteers' long work off the request: big exports of volunteers and service records, big imports."""

from django.conf import settings
from django.http import QueryDict
from django.tasks import task
from django.urls import reverse

from jobs import runner
from jobs import services as jobs
from lib.excel import write as xlsx
from lib.replica import heavy
from orgs import scoping
from orgs.models import Organization
from volunteers import excel, selectors
from volunteers.filters import RecordFilter, VolunteerFilter
from volunteers.models import ServiceRecord, Volunteer


def export_queryset(kind: str, user, filters: QueryDict):
    """The rows of the list page with the same filters, scoped to ``user``."""
    if kind == "volunteers":
        qs = selectors.with_hours(Volunteer.objects.visible_to(user).select_related("org"))
        return VolunteerFilter(filters, queryset=qs).qs
    qs = ServiceRecord.objects.visible_to(user).select_related("volunteer", "credited_org", "activity", "team")
    return RecordFilter(filters, queryset=qs).qs


def _query(params: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    return query


def _export(job, progress):
    kind = job.params["kind"]
    qs = export_queryset(kind, job.requested_by, _query(job.params.get("filters", {})))
    progress(0, qs.count())
    path = xlsx.temp_path()
    count = excel.export(kind, qs, path, progress=progress)
    progress(count)
    return jobs.Outcome(f"已导出 {count} 行。", path=path, filename=excel.EXPORTS[kind][4])


@task
def export_job(job_id: int) -> None:
    runner.run(job_id, heavy(_export))


def start_export(kind: str, *, by, filters: QueryDict):
    title = "导出志愿者 Excel" if kind == "volunteers" else "导出服务记录 Excel"
    params = {"kind": kind, "filters": {k: filters.getlist(k) for k in filters}}
    return jobs.start(export_job, kind=f"volunteers.export.{kind}", title=title, by=by, params=params)


def is_big_export(count: int) -> bool:
    return count > settings.PORTAL["EXPORT_SYNC_MAX_ROWS"]


def _import(job, progress):
    org = scoping.get_visible_or_404(Organization, job.requested_by, pk=job.params["org"])
    with job.upload.open("rb") as f:
        data = f.read()
    dry_run = job.params["dry_run"]
    result = excel.import_file(data, job.params["kind"], org=org, by=job.requested_by, dry_run=dry_run)
    progress(result.total, result.total)
    if result.errors:
        path = xlsx.temp_path()
        rows = ([number, "；".join(messages)] for number, messages in result.errors)
        xlsx.write(path, title="未通过的行", header=["行号", "错误原因"], rows=rows, widths=[8, 80])
        return jobs.Outcome(f"共 {result.total} 行，{len(result.errors)} 行有误，未保存任何数据。",
                            path=path, filename="volunteer-import-errors.xlsx", ok=False)
    if dry_run:
        return jobs.Outcome(f"共 {result.total} 行，全部无误（仅检查，未保存）。")
    return jobs.Outcome(f"已导入 {result.total} 行。")


@task
def import_job(job_id: int) -> None:
    runner.run(job_id, _import)


def is_big_import(rows: int) -> bool:
    return rows > settings.PORTAL["IMPORT_SYNC_MAX_ROWS"]


def start_import(*, by, data: bytes, kind: str, org, dry_run: bool, rows: int):
    what = "志愿者" if kind == "volunteers" else "服务记录"
    return jobs.start(import_job, kind=f"volunteers.import.{kind}", title=f"导入{what}（{rows} 行）", by=by,
                      params={"kind": kind, "org": org.pk, "dry_run": dry_run}, upload=data, total=rows,
                      again_url=reverse("volunteers:import"))
