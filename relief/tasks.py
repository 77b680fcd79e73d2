"""Relief's big exports off the request (jobs app, Django tasks), like members' and volunteers':
above ``PORTAL["EXPORT_SYNC_MAX_ROWS"]`` rows the view starts a job and shows its progress page."""

from django.conf import settings
from django.tasks import task

from jobs import runner
from jobs import services as jobs
from lib.excel import write as xlsx
from lib.replica import heavy
from orgs import scoping
from relief import exports
from relief.models import Warehouse


def is_big_export(count: int) -> bool:
    return count > settings.PORTAL["EXPORT_SYNC_MAX_ROWS"]


def _export(job, progress):
    """Scoped to the requester at run time: a warehouse gone out of their scope meanwhile is refused."""
    user, path = job.requested_by, xlsx.temp_path()
    if job.params["kind"] == "ledger":
        warehouse = scoping.get_visible_or_404(Warehouse.objects.select_related("org"), user,
                                               pk=job.params["warehouse"])
        moves = exports.ledger_moves(user, warehouse)
        progress(0, moves.count())
        count = exports.write_ledger(warehouse, moves, path, progress=progress)
        filename = f"物资台账-{warehouse.pk}.xlsx"
    else:
        year = job.params["year"]
        plans, given = exports.year_lists(user, year)
        progress(0, plans.count() + given.count())
        count = exports.write_year_lists(year, plans, given, path, progress=progress)
        filename = f"项目与发放-{year}.xlsx"
    progress(count)
    return jobs.Outcome(f"已导出 {count} 行。", path=path, filename=filename)


@task
def export_job(job_id: int) -> None:
    runner.run(job_id, heavy(_export))


def start_ledger_export(*, by, warehouse):
    return jobs.start(export_job, kind="relief.export.ledger", title=f"导出物资台账（{warehouse.name}）", by=by,
                      params={"kind": "ledger", "warehouse": warehouse.pk})


def start_year_export(*, by, year: int):
    return jobs.start(export_job, kind="relief.export.year", title=f"导出{year}年项目与发放", by=by,
                      params={"kind": "year", "year": year})
