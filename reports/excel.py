"""The statistics workbook, laid out like seed 002's tables (序号 · 工作事项 · 个(人、小时))."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reports.report import Report
from reports.statistics import ITEMS

UNIT = "个(人、小时)"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe(value):
    """Neutralise text that a spreadsheet would run as a formula (ASVS 1.2.10)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _table(ws, title: str, header: list[str], rows: list[list], widths: list[int], note: str = "") -> None:
    ws.append([safe(title)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    for row in rows:
        ws.append([safe(v) for v in row])
        for cell in ws[ws.max_row]:
            cell.border = BOX
    if note:
        ws.append([])
        ws.append([note])
    ws.freeze_panes = "A3"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def workbook(report: Report) -> Workbook:
    wb = Workbook()
    body = report.root.name
    ws = wb.active
    ws.title = "调查表"
    _table(ws, f"{body}组织体系建设工作情况调查表（截至{_date(report.on)}）", ["序号", "工作事项", UNIT],
           [[n, label, value] for n, label, value in report.survey_rows()], [8, 36, 16])

    ws = wb.create_sheet("成效统计表")
    _table(ws, f"{body}组织体系建设年工作成效统计表（截至{_date(report.on)}）", ["序号", "工作事项", UNIT],
           [[n, label, value] for n, label, value in report.increase_rows()], [8, 36, 16],
           note=f"说明：表中“增加数”是指与 {report.base_year} 年相比的增加数。")

    ws = wb.create_sheet("覆盖率")
    cov = report.coverage
    _table(ws, f"{body}基层组织覆盖情况（截至{_date(report.on)}）", ["项目", "已覆盖", "总数", "覆盖率", "目标"],
           [["镇（街道）、区级部门建立红十字会", cov["towns"].covered, cov["towns"].total, cov["towns"].ratio, None],
            ["村（社区）建立红十字组织", cov["villages"].covered, cov["villages"].total, cov["villages"].ratio,
             cov["villages"].target]],
           [36, 10, 10, 10, 10])
    for row in ws.iter_rows(min_row=3, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = "0.0%"

    if report.targets:
        ws = wb.create_sheet("发展目标")
        _table(ws, f"{body}发展目标进度（截至{_date(report.on)}）",
               ["指标", "起始日期", "截止日期", "目标", "已完成", "完成率"],
               [[p.target.get_metric_display(), p.target.starts_on, p.target.ends_on, p.target.value, p.achieved,
                 p.ratio] for p in report.targets], [24, 12, 12, 10, 10, 10])
        for row in ws.iter_rows(min_row=3, min_col=2, max_col=3):
            for cell in row:
                cell.number_format = "yyyy-mm-dd"
        for row in ws.iter_rows(min_row=3, min_col=6, max_col=6):
            for cell in row:
                cell.number_format = "0.0%"

    if report.children:
        ws = wb.create_sheet("下级明细")
        header = ["下级组织"] + [f"{item.number}.{item.survey_label}" for item in ITEMS]
        rows = [[child.name] + [figures.get(item.number) for item in ITEMS] for child, figures in report.children]
        _table(ws, f"{body}下级组织明细（截至{_date(report.on)}）", header, rows, [24] + [14] * len(ITEMS))
        if rows:
            chart = BarChart()
            chart.title = "红十字会基层组织数"
            chart.y_axis.title = "个"
            data = Reference(ws, min_col=1 + 8, min_row=2, max_row=2 + len(rows))
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=2 + len(rows)))
            ws.add_chart(chart, f"A{len(rows) + 5}")
    return wb


def workbook_bytes(report: Report) -> bytes:
    buffer = BytesIO()
    workbook(report).save(buffer)
    return buffer.getvalue()
