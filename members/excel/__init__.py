"""Excel in and out for members (DESIGN.md §7, security checklist rows 23–25): ``imports`` reads
and checks uploads, ``exports`` writes the roster, the import template and the error workbook."""

from members.excel.exports import (
    EXPORT_COLUMNS,
    EXPORT_HEADER,
    export_members,
    export_rows,
    failed_bytes,
    fetch_failed,
    full_export_bytes,
    import_columns,
    stash_failed,
    template_bytes,
)
from members.excel.imports import (
    MAX_ROWS,
    MAX_UPLOAD,
    ImportResult,
    check_zip,
    count_rows,
    import_members,
    own_org,
    read_rows,
    save_members,
)

__all__ = ["EXPORT_COLUMNS", "EXPORT_HEADER", "MAX_ROWS", "MAX_UPLOAD", "ImportResult", "check_zip", "count_rows",
           "export_members", "export_rows", "failed_bytes", "fetch_failed", "full_export_bytes", "import_columns",
           "import_members", "own_org", "read_rows", "save_members", "stash_failed", "template_bytes"]
