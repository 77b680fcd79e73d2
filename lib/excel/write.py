"""One .xlsx writer for every workbook the portal writes (STYLE.md: exports as row iterators).

Every sheet is a printable table: the title merged across the table's columns in row 1, an
import template's notes (what to fill in) under it, the header, then the rows. It prints on A4,
portrait or landscape as its columns need, scaled to the page width, with the title and header
repeated on every page and the print area set to the table (and a chart below it). Every text
cell goes through ``neutralise``. Long headers and titles wrap, and their rows are made tall
enough to hold them (LibreOffice does not grow a row for wrapped text it did not lay out).

openpyxl's write-only mode keeps one row in memory at a time and the workbook goes to a file,
never to bytes in memory; callers feed rows from ``queryset.iterator(chunk_size=CHUNK)``.
"""

import io
import math
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import FileResponse, HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

CHUNK = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: what a spreadsheet takes as the start of a formula or a DDE command (OWASP "CSV injection")
FORMULA_START = ("=", "+", "-", "@", "|")
CONTROL_START = ("\t", "\r", "\n", "\0")


def neutralise(value):
    """The one formula neutraliser of every export path and format (security checklist row 25,
    ASVS 1.2.10): text that starts with = + - @ | (also after leading blanks, which spreadsheets
    skip) or with a tab, CR, LF or NUL gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and (value.startswith(CONTROL_START) or value.lstrip().startswith(FORMULA_START)):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12
    #: typed as text (ID numbers, phones): Excel must never turn what is typed there into a number
    text: bool = False
    number_format: str = ""
    #: an import template's hint, printed above the header
    note: str = ""
    #: long text (reasons, explanations) wraps, and its row is made tall enough
    wrap: bool = False


@dataclass(frozen=True)
class Flagged:
    """A cell written with a red fill and a comment: an imported value that was refused, and why."""

    value: object
    reason: str


# A4 with half-inch side margins; a column of width w is about 7w + 5 pixels at 96 dpi
PORTRAIT_PX = (8.27 - 1.0) * 96
SIDE_MARGIN, END_MARGIN = 0.5, 0.6
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT, HEADER_FONT, NOTE_FONT = Font(bold=True, size=14), Font(bold=True), Font(size=9, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="EDEDED")
FLAG_FILL = PatternFill("solid", fgColor="FFC7CE")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP_WRAP = Alignment(wrap_text=True, vertical="top")


def table_px(widths: Iterable[float]) -> float:
    return sum(7 * w + 5 for w in widths)


def display_width(text) -> int:
    """Width of ``text`` in column-width units: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _lines(text, width: float, size: float = 11) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    room = max(width - 1, 1) * 11 / size
    return sum(max(1, math.ceil(display_width(part) / room)) for part in str(text).split("\n"))


class Sheet:
    """One printable table on a worksheet (write-only or ordinary)."""

    def __init__(self, ws, *, title: str, columns: list[Column], notes: bool = False, boxed: bool = False,
                 editable: bool = False):
        self.ws, self.columns, self.boxed = ws, columns, boxed
        #: cells people will correct (an error workbook): text columns' cells are typed as text too
        self.text_cells = editable
        self.rows = 0
        self.extra_rows = 0
        self.last = get_column_letter(len(columns))
        widths = [c.width for c in columns]
        for i, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
            if column.text:  # typed-in cells of the column stay text too
                ws.column_dimensions[get_column_letter(i)].number_format = "@"
        header_row = 3 if notes else 2
        ws.freeze_panes = f"A{header_row + 1}"
        _page_setup(ws, widths, header_row, gridlines=not boxed)
        self._fixed([title], height=_lines(title, sum(widths), 14) * 20, font=TITLE_FONT, align=CENTRED)
        if notes:
            self._fixed([c.note for c in columns], font=NOTE_FONT, align=TOP_WRAP,
                        height=max(_lines(c.note, c.width, 9) for c in columns) * 12 + 4)
        self._fixed([c.header for c in columns], font=HEADER_FONT, align=CENTRED, fill=HEADER_FILL, border=BOX,
                    height=max(_lines(c.header, c.width) for c in columns) * 15 + 3)
        if len(columns) > 1:
            ws.merged_cells.add(f"A1:{self.last}1")
        self.header_row = header_row

    def _fixed(self, values, *, height, font, align, fill=None, border=None) -> None:
        self.ws.row_dimensions[self.rows + 1].height = height
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.ws, neutralise(value))
            cell.font, cell.alignment = font, align
            if fill is not None:
                cell.fill = fill
            if border is not None:
                cell.border = border
            cells.append(cell)
        self._append(cells)

    def _append(self, cells) -> None:
        self.ws.append(cells)
        self.rows += 1

    def add(self, values) -> None:
        """One data row; a ``Flagged`` value is filled red and carries its reason as a comment."""
        cells = []
        lines = 1
        for column, value in zip(self.columns, values, strict=False):
            flag = value.reason if isinstance(value, Flagged) else None
            value = neutralise(value.value if flag is not None else value)
            as_text = column.text and self.text_cells and value not in (None, "")
            if flag is None and not self.boxed and not column.number_format and not column.wrap and not as_text:
                cells.append(value)
                continue
            cell = WriteOnlyCell(self.ws, value)
            if column.wrap and value:
                cell.alignment = TOP_WRAP
                lines = max(lines, _lines(value, column.width))
            if as_text:
                cell.number_format = "@"
            elif column.number_format:
                cell.number_format = column.number_format
            if self.boxed:
                cell.border = BOX
            if flag is not None:
                cell.fill = FLAG_FILL
                cell.comment = Comment(flag, "红十字会平台", width=240, height=90)
            cells.append(cell)
        if lines > 1:
            self.ws.row_dimensions[self.rows + 1].height = lines * 15
        self._append(cells)

    def note(self, text: str) -> None:
        """A line of explanation under the table, across its columns."""
        self._append([])
        self.ws.row_dimensions[self.rows + 1].height = _lines(text, sum(c.width for c in self.columns)) * 15 + 3
        cell = WriteOnlyCell(self.ws, neutralise(text))
        cell.alignment = WRAP
        self._append([cell])
        if len(self.columns) > 1:
            self.ws.merged_cells.add(f"A{self.rows}:{self.last}{self.rows}")

    def chart(self, chart) -> None:
        """A chart under the table, as wide as the table (at most 18 cm) and inside the print area."""
        chart.width = min(18.0, table_px(c.width for c in self.columns) / 96 * 2.54)
        self.ws.add_chart(chart, f"A{self.rows + 2}")
        self.extra_rows = 1 + math.ceil(chart.height / 0.53)  # rows of 15 pt

    def finish(self) -> None:
        self.ws.print_area = f"A1:{self.last}{max(self.rows, self.header_row) + self.extra_rows}"


def _page_setup(ws, widths, header_row: int, *, gridlines: bool) -> None:
    """A4, the orientation the columns need, one page wide, title and header on every page."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    setup = ws.page_setup
    setup.paperSize = "9"  # A4
    setup.orientation = "portrait" if table_px(widths) <= PORTRAIT_PX else "landscape"
    setup.fitToWidth, setup.fitToHeight = 1, 0  # as many pages down as needed
    ws.print_title_rows = f"1:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = gridlines
    margins = ws.page_margins
    margins.left = margins.right = SIDE_MARGIN
    margins.top = margins.bottom = END_MARGIN
    margins.header = margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


class Book:
    """A write-only workbook of printable sheets."""

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self.sheets: list[Sheet] = []

    def sheet(self, name: str, *, title: str | None = None, columns: list[Column], notes: bool = False,
              boxed: bool = False, editable: bool = False) -> Sheet:
        ws = self.workbook.create_sheet(name[:31])
        sheet = Sheet(ws, title=title or name, columns=columns, notes=notes, boxed=boxed, editable=editable)
        self.sheets.append(sheet)
        return sheet

    def watermark(self, lines: list[str]) -> None:
        """Who, when, why of a full export (checklist row 16): in the file's properties, in every
        sheet's printed header, and on a sheet of its own."""
        props = self.workbook.properties
        props.creator = props.lastModifiedBy = lines[0][:60]
        props.description = "；".join(lines)
        for sheet in self.sheets:
            sheet.ws.oddHeader.center.text = "；".join(lines)[:250]
        note = self.sheet("导出说明", columns=[Column("说明", 80, wrap=True)])
        for line in lines:
            note.add([line])

    def save(self, dest) -> None:
        for sheet in self.sheets:
            sheet.finish()
        self.workbook.save(dest)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


def columns_of(header: list[str], widths=()) -> list[Column]:
    widths = list(widths) + [12] * (len(header) - len(widths))
    return [Column(h, w) for h, w in zip(header, widths, strict=False)]


def write(dest, *, title: str, rows, header: list[str] | None = None, widths=(), columns: list[Column] | None = None,
          heading: str | None = None, watermark: list[str] | None = None, progress=None, every: int = 5000) -> int:
    """Write one table (sheet ``title``, printed title ``heading``) to ``dest`` (a path or a binary
    file); return the row count."""
    book = Book()
    sheet = book.sheet(title, title=heading, columns=columns or columns_of(header, widths))
    count = 0
    for count, row in enumerate(rows, 1):
        sheet.add(row)
        if progress is not None and count % every == 0:
            progress(count)
    if watermark:
        book.watermark(watermark)
    book.save(dest)
    return count


def temp_path(suffix: str = ".xlsx") -> str:
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as f:
        return f.name


def response(write_to, filename: str) -> FileResponse:
    """Write a workbook to an anonymous temporary file and stream it back (no bytes in memory)."""
    fh = tempfile.TemporaryFile()
    write_to(fh)
    fh.seek(0)
    result = FileResponse(fh, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    result["Cache-Control"] = "no-store"
    return result


def download(data: bytes, filename: str) -> HttpResponse:
    """A workbook already in memory (a full export with its watermark, a template) as a download."""
    result = HttpResponse(data, content_type=XLSX_TYPE)
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    result["Cache-Control"] = "no-store"
    return result
