"""The relief registers' workbooks (a warehouse's ledger and balances; a year's projects and
distributions), written the same way in the request and in a background job (``relief.tasks``)."""

from django.utils import timezone

from lib.excel import write as xlsx
from relief import stock
from relief.models import Distribution, Move, Project

LEDGER_HEADER = ["日期", "物资", "单位", "类型", "数量", "来源/去向", "受助户数", "调整原因", "有效期至", "调拨单号",
                 "捐赠收据", "经办人"]
PROJECT_HEADER = ["实施单位", "项目名称", "类型", "所在社区（村）", "开始日期", "结束日期", "状态", "预算（元）",
                  "受益人数"]
DISTRIBUTION_HEADER = ["发放单位", "活动", "发放日期", "受助户数", "每户所得", "发放资金（元）", "发放人", "所属项目"]


def ledger_moves(user, warehouse):
    return Move.objects.visible_to(user).filter(warehouse=warehouse).select_related(
        "item", "transfer", "donation", "by").order_by("occurred_on", "pk")


def write_ledger(warehouse, moves, dest, progress=None) -> int:
    """The ledger and today's balances, two sheets; returns the number of ledger rows."""
    book = xlsx.Book()
    ledger = book.sheet("出入库台账", title=f"{warehouse.name} 出入库台账",
                        columns=xlsx.columns_of(LEDGER_HEADER, [12, 14, 6, 14, 10, 20, 8, 10, 12, 14, 12, 10]))
    count = 0
    for m in moves.iterator(chunk_size=xlsx.CHUNK):
        ledger.add([m.occurred_on, m.item.name, m.item.unit, m.get_kind_display(), m.quantity, m.counterpart,
                    m.households, m.get_reason_display() if m.reason else "", m.expires_on,
                    m.transfer.number if m.transfer else "", m.donation.number if m.donation else "",
                    m.by.display_name])
        count += 1
        if progress and count % xlsx.CHUNK == 0:
            progress(count)
    ledger.finish()
    today = timezone.localdate()
    sums = book.sheet("库存", title=f"{warehouse.name} 库存（截至 {today:%Y-%m-%d}）",
                      columns=xlsx.columns_of(["物资", "单位", "库存"], [16, 8, 12]))
    for row in stock.balances([warehouse], today):
        sums.add([row["item__name"], row["item__unit"], row["total"]])
    sums.finish()
    book.save(dest)
    return count


def year_lists(user, year: int):
    """The year's projects and distributions of ``user``'s subtree."""
    plans = Project.objects.visible_to(user).running_in(year).select_related("org")
    given = Distribution.objects.visible_to(user).filter(held_on__year=year).select_related("org", "project")
    return plans, given


def write_year_lists(year: int, plans, given, dest, progress=None) -> int:
    book = xlsx.Book()
    sheet = book.sheet("项目", title=f"{year}年项目", columns=xlsx.columns_of(PROJECT_HEADER, [18, 20, 10, 14]))
    count = 0
    for p in plans.iterator(chunk_size=xlsx.CHUNK):
        sheet.add([p.org.name, p.name, p.get_kind_display(), p.community, p.starts_on, p.ends_on,
                   p.get_status_display(), p.budget, p.beneficiaries])
        count += 1
    sheet.finish()
    if progress:
        progress(count)
    sheet = book.sheet("发放", title=f"{year}年发放记录",
                       columns=xlsx.columns_of(DISTRIBUTION_HEADER, [18, 14, 12, 8, 24, 12, 10, 16]))
    for d in given.iterator(chunk_size=xlsx.CHUNK):
        sheet.add([d.org.name, d.occasion, d.held_on, d.households, d.per_household, d.money, d.handed_out_by,
                   d.project.name if d.project else ""])
        count += 1
    sheet.finish()
    book.save(dest)
    return count
