"""Notices down the tree (``board``), year-end figures, plans and summaries up it (``year_end``,
``papers``), and 公示 in public (``publicity``)."""

from notices.views.board import (  # noqa: F401
    attachment,
    create,
    detail,
    export,
    notice_list,
    receipts,
    remind,
    reply,
    reply_file,
    withdraw,
)
from notices.views.papers import paper_file, paper_list, paper_return  # noqa: F401
from notices.views.publicity import decide, objections, public_honours, public_notices  # noqa: F401
from notices.views.year_end import year_end, year_end_remind, year_end_report, year_end_return  # noqa: F401
