"""The Django admin's exports (django-import-export) through the portal's own Excel rules: every
value goes through the one formula neutraliser (``lib.excel.write.neutralise``) whatever the format,
and an .xlsx is written by the portal's writer, so it prints like every other workbook.

The admin offers CSV, XLSX and TSV — the formats a spreadsheet opens. Admin classes with exports
use ``ExportMixin`` below, and a test walks the admin site to hold every export to these formats.
"""

import io

import tablib
from import_export import admin as ie_admin
from import_export import resources
from import_export.formats import base_formats

from lib.excel import write as xlsx


def _neutralised(dataset):
    """A copy of ``dataset`` with every cell neutralised (the headers are the portal's own)."""
    copy = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([xlsx.neutralise(value) for value in row])
    return copy


class CSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised(dataset), **kwargs)


class TSV(base_formats.TSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised(dataset), **kwargs)


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        headers = [str(h) for h in dataset.headers or []]
        sample = dataset[:500]  # column widths from the header and the first rows' values
        columns = [xlsx.Column(h, min(40, 2 + max([8, xlsx.display_width(h)] + [
            xlsx.display_width(row[i]) for row in sample if row[i] is not None]))) for i, h in enumerate(headers)]
        title = dataset.title or "导出"
        buffer = io.BytesIO()
        xlsx.write(buffer, title=title, heading=title, columns=columns, rows=iter(dataset))
        return buffer.getvalue()


FORMATS = [CSV, XLSX, TSV]


class Resource(resources.ModelResource):
    """Names the sheet after the model, so the printed title says what the list is."""

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.title = str(self._meta.model._meta.verbose_name_plural)
        return dataset


class ExportMixin(ie_admin.ExportMixin):
    formats = FORMATS
    export_formats = FORMATS
