"""Notices down the tree (``board``) and year-end figures up it (``year_end``)."""

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
from notices.views.year_end import year_end, year_end_remind, year_end_report, year_end_return  # noqa: F401
