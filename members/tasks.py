"""Members' long work off the request: big exports and big imports (jobs app, Django tasks)."""

from django.conf import settings
from django.http import QueryDict
from django.tasks import task
from django.urls import reverse

from jobs import runner
from jobs import services as jobs
from lib.excel import write as xlsx
from lib.replica import heavy
from members import excel
from members.forms import MemberFilter
from members.models import Member


def export_queryset(user, params: dict):
    """The same rows as the list page with the same filters, scoped to ``user`` at run time."""
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    qs = Member.objects.visible_to(user).with_lapse().select_related("org")
    return MemberFilter(query or None, queryset=qs, user=user).qs.order_by("number")


def _export(job, progress):
    """The masked roster (whole numbers only ever leave through ``members.privacy.full_export``)."""
    qs = export_queryset(job.requested_by, job.params.get("filters", {}))
    progress(0, qs.count())
    path = xlsx.temp_path()
    count = excel.export_members(qs, path, progress=progress)
    progress(count)
    return jobs.Outcome(f"已导出 {count} 名会员。", path=path, filename="members.xlsx")


@task
def export_members(job_id: int) -> None:
    runner.run(job_id, heavy(_export))


def start_export(*, by, filters: QueryDict):
    params = {"filters": {k: filters.getlist(k) for k in filters}}
    return jobs.start(export_members, kind="members.export", title="导出会员 Excel", by=by, params=params)


def _import(job, progress):
    with job.upload.open("rb") as f:
        data = f.read()
    dry_run = not job.params.get("commit", False)
    result = excel.import_members(data, by=job.requested_by, dry_run=dry_run)
    progress(result.total, result.total)
    if result.failed:
        path = xlsx.temp_path()
        with open(path, "wb") as out:
            out.write(excel.failed_bytes(result))
        return jobs.Outcome(f"共 {result.total} 行，{len(result.failed)} 行有误，未保存任何数据。请下载有误的行，"
                            "修改后重新上传。", path=path, filename="member-import-errors.xlsx", ok=False)
    if dry_run:
        return jobs.Outcome(f"共 {result.total} 行，全部无误。请重新上传并点击“检查并导入”保存。")
    return jobs.Outcome(f"已导入 {result.saved} 名会员。")


@task
def import_members(job_id: int) -> None:
    runner.run(job_id, _import)


def is_big_import(rows: int) -> bool:
    return rows > settings.PORTAL["IMPORT_SYNC_MAX_ROWS"]


def start_import(*, by, data: bytes, commit: bool, rows: int):
    return jobs.start(import_members, kind="members.import", title=f"导入会员（{rows} 行）", by=by,
                      params={"commit": commit}, upload=data, total=rows, again_url=reverse("members:import"))
