"""Named by migration 0001: the former ``PdfExport``, now a ``jobs.Job`` (``filings.tasks``); kept
so that the migration still loads."""

import secrets


def _export_upload_to(instance, filename) -> str:
    return f"filings/exports/{secrets.token_hex(16)}.zip"
