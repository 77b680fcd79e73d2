"""The statistics workbook, laid out like seed 002's tables (序号 · 工作事项 · 个(人、小时)), one
table a sheet, each printable on A4 (``lib.excel.write``)."""

from openpyxl.chart import BarChart, Reference

from lib.excel import write as xlsx
from lib.excel.write import Column
from reports.report import Report
from reports.statistics import ITEMS, NO_SOURCE

UNIT = "个(人、小时)"
SEED_COLUMNS = [Column("序号", 6), Column("工作事项", 36), Column(UNIT, 14)]
PERCENT = "0.0%"


def _date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _table(book, name: str, title: str, columns: list[Column], rows):
    sheet = book.sheet(name, title=title, columns=columns, boxed=True)
    for row in rows:
        sheet.add(row)
    return sheet


def workbook(report: Report) -> xlsx.Book:
    book = xlsx.Book()
    body, on = report.root.name, _date(report.on)
    _table(book, "调查表", f"{body}组织体系建设工作情况调查表（截至{on}）", SEED_COLUMNS, report.survey_rows())
    increase = _table(book, "成效统计表", f"{body}组织体系建设年工作成效统计表（截至{on}）", SEED_COLUMNS,
                      report.increase_rows())
    increase.note(f"说明：表中“增加数”是指与 {report.base_year} 年相比的增加数。")

    cov = report.coverage
    _table(book, "覆盖率", f"{body}基层组织覆盖情况（截至{on}）",
           [Column("项目", 32), Column("已覆盖", 8), Column("总数", 8), Column("覆盖率", 8, number_format=PERCENT),
            Column("目标", 8, number_format=PERCENT)],
           [["镇（街道）、区级部门建立红十字会", cov["towns"].covered, cov["towns"].total, cov["towns"].ratio, None],
            ["村（社区）建立红十字组织", cov["villages"].covered, cov["villages"].total, cov["villages"].ratio,
             cov["villages"].target]])

    if report.targets:
        _table(book, "发展目标", f"{body}发展目标进度（截至{on}）",
               [Column("指标", 24), Column("起始日期", 11, number_format="yyyy-mm-dd"),
                Column("截止日期", 11, number_format="yyyy-mm-dd"), Column("目标", 9), Column("已完成", 9),
                Column("完成率", 9, number_format=PERCENT)],
               [[p.target.get_metric_display(), p.target.starts_on, p.target.ends_on, p.target.value,
                 NO_SOURCE if p.achieved is None else p.achieved, p.ratio] for p in report.targets])

    if report.children:
        rows = [[child.name] + [figures.get(item.number) for item in ITEMS] for child, figures in report.children]
        sheet = _table(book, "下级明细", f"{body}下级组织明细（截至{on}）",
                       [Column("下级组织", 18)] + [Column(f"{item.number}.{item.survey_label}", 10) for item in ITEMS],
                       rows)
        if rows:
            chart = BarChart()
            chart.title = "红十字会基层组织数"
            chart.y_axis.title = "个"
            header = sheet.header_row
            chart.add_data(Reference(sheet.ws, min_col=1 + 8, min_row=header, max_row=header + len(rows)),
                           titles_from_data=True)
            chart.set_categories(Reference(sheet.ws, min_col=1, min_row=header + 1, max_row=header + len(rows)))
            sheet.chart(chart)
    for name, title, rows in report.sections:
        _table(book, name, f"{body}{title}（截至{on}）", [Column("项目", 36), Column("单位", 8), Column("数值", 14)],
               rows)
    return book


def workbook_bytes(report: Report) -> bytes:
    return workbook(report).bytes()
