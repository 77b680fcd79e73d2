"""The 督查 board: one row per unit, worst first, and the same rows as a supervision workbook."""

from dataclasses import dataclass
from datetime import date

from campaigns import progress
from campaigns.models import Campaign
from lib.excel.write import Book, Column


@dataclass
class Board:
    campaign: Campaign
    as_of: date
    rows: list[progress.UnitRow]

    @property
    def stages(self):
        return list(self.campaign.stages.all())


def build(campaign: Campaign, units, as_of: date, *, unit=None, category=None, state=None) -> Board:
    """``units``: the campaign's units as the viewer may see them (``orgs.scoping``)."""
    if unit:
        units = units.filter(pk=unit)
    if category:
        units = units.filter(category=category)
    rows = progress.unit_rows(campaign, units.order_by("path"), as_of)
    if state:
        rows = [r for r in rows if r.state == state]
    rows.sort(key=lambda r: (r.score, -r.days_late, r.org.path))
    return Board(campaign, as_of, rows)


def header(board: Board) -> list[str]:
    return ["单位", "类别", *[f"{s.name}（{s.due_on:%m-%d}前）" for s in board.campaign.stages.all()],
            "超期天数", "得分", "扣分原因"]


def table(board: Board):
    for row in board.rows:
        yield [row.org.name, row.org.get_category_display(), *[s.cell for s in row.stages], row.days_late,
               row.score, "；".join(row.reasons)]


def write_workbook(board: Board, dest) -> int:
    """A4 landscape (the stage columns make it wide), title and header repeated on every page."""
    stages = board.campaign.stages.all()
    columns = [Column("单位", 22, wrap=True), Column("类别", 10),
               *[Column(h, 16, wrap=True) for h in header(board)[2:2 + len(stages)]],
               Column("超期天数", 9, number_format="0"), Column("得分", 7, number_format="0"),
               Column("扣分原因", 40, wrap=True)]
    book = Book()
    title = f"{board.campaign.org.name}{board.campaign.name}督查表（截至 {board.as_of:%Y年%m月%d日}）"
    sheet = book.sheet("督查表", title=title, columns=columns)
    count = 0
    for line in table(board):
        sheet.add(line)
        count += 1
    book.save(dest)
    return count
