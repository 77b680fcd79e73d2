"""The 备案表 as a PDF (seed 000, 附件1): one template, one stylesheet, one render function.

WeasyPrint renders an autoescaped template; the URL fetcher lets through only ``data:`` URIs and
files under the portal's own static and media directories (security checklist row 26).
"""

import base64
import hashlib
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from filings.models import Category, Filing, Status
from orgs.models import Level, Organization

#: What a long-text cell of the printed grid holds at 10.5 pt (static/css/filing-pdf.css): lines,
#: and wide (CJK) characters a line. Text that does not fit flows to the 附页 (seed 000: 可附页).
CELL_LINES, CELL_LINE_CHARS = 4, 35
CELL_MORE = "……（详见附页）"
#: the long texts of the form that may flow to the 附页, with their headings there
ANNEXED = (("host_profile", "基层组织所在单位概况"), ("party_opinion", "基层组织所在单位党组织意见"))
STYLESHEET = "css/filing-pdf.css"


class PortalFetcher(URLFetcher):
    """Fetches data: URIs and the portal's own static/media files; refuses everything else."""

    def __init__(self, **kwargs):
        super().__init__(timeout=5, allow_redirects=False, **kwargs)
        self.refused: list[str] = []

    def _allowed_roots(self) -> list[Path]:
        roots = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
        roots += [Path(d if isinstance(d, (str, Path)) else d[1]) for d in settings.STATICFILES_DIRS]
        return [r.resolve() for r in roots]

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        if parsed.scheme == "file" and not parsed.netloc:
            path = Path(unquote(parsed.path)).resolve()
            if any(path.is_relative_to(root) for root in self._allowed_roots()) and path.is_file():
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"不允许的资源地址：{url[:80]}")


def data_uri(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").png_data_uri(scale=3, border=1)


def verify_url(filing: Filing) -> str:
    return settings.PORTAL.get("SITE_URL", "").rstrip("/") + reverse("filings:verify", args=[filing.token])


def form_title(body: Organization | None) -> str:
    """The form's title is the reviewing body's full name (seed 000, 附件1 资阳市雁江区红十字会
    基层组织成立备案表): a county body's name carries its city's, taken from the tree."""
    if body is None:
        return "红十字会基层组织成立备案表"
    cities = [] if body.level == Level.CITY else list(
        Organization.objects.get_ancestors(body).filter(level=Level.CITY))
    place = "".join(org.name.removesuffix("红十字会") for org in [*cities, body])
    return f"{place}红十字会基层组织成立备案表"


def _char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.6


def fit_cell(text: str, *, lines: int = CELL_LINES, per_line: float = CELL_LINE_CHARS) -> tuple[str, bool]:
    """The part of ``text`` a printed cell shows, and whether the whole text goes to the 附页.
    Lines are counted as the cell wraps them: a line break, or a full line of characters."""
    def cut(reserve: float) -> int | None:
        line, width = 1, 0.0
        for i, ch in enumerate(text):
            if ch == "\n":
                line, width = line + 1, 0.0
            else:
                w = _char_width(ch)
                if width + w > per_line:
                    line, width = line + 1, 0.0
                width += w
            if line > lines or (line == lines and width > per_line - reserve):
                return i
        return None

    if cut(0) is None:
        return text, False
    return text[:cut(len(CELL_MORE))].rstrip(), True


def context_for(filing: Filing) -> dict:
    body = filing.record_body or filing.reviewing_body()
    seal = None
    if filing.status == Status.FILED and body is not None and hasattr(body, "seal"):
        with body.seal.image.open("rb") as f:
            seal = data_uri(f.read(), "image/png")
    cells, annex = {}, []
    for name, heading in ANNEXED:
        text = getattr(filing, name) or ""
        cells[name], overflows = fit_cell(text)
        if overflows:
            annex.append((heading, text))
    return {
        "f": filing,
        "title": form_title(body),
        "categories": Category.choices,
        "draft": filing.status != Status.FILED,
        "cells": cells,
        "more": {name for name, _ in ANNEXED if cells[name] != (getattr(filing, name) or "")},
        "annex": annex,
        "seal": seal,
        "qr": qr_data_uri(verify_url(filing)) if filing.status == Status.FILED else None,
    }


def render_html(filing: Filing) -> str:
    return render_to_string("filings/pdf.html", context_for(filing))


def stylesheet_path() -> str:
    return finders.find(STYLESHEET)


def _document(filing: Filing, fetcher: PortalFetcher | None = None):
    fetcher = fetcher or PortalFetcher()
    base = Path(stylesheet_path()).parent.as_uri() + "/"
    html = HTML(string=render_html(filing), base_url=base, url_fetcher=fetcher)
    return html.render(stylesheets=[CSS(filename=stylesheet_path(), url_fetcher=fetcher)])


PT_PER_PX = 0.75  # WeasyPrint lays out in CSS pixels (1/96 in), PDF counts points (1/72 in)


class RenderedPdf(bytes):
    """The PDF's bytes, and where its e-seal is printed: ``seal_place`` is (page index, box in PDF
    points from the bottom left), for a visible signature over the seal; None without a seal."""

    seal_place: tuple[int, tuple[float, float, float, float]] | None = None


def render_filing(filing: Filing, fetcher: PortalFetcher | None = None) -> RenderedPdf:
    document = _document(filing, fetcher)
    rendered = RenderedPdf(document.write_pdf())
    for index, page in enumerate(document.pages):
        if "seal" in page.anchors:
            x1, y1, x2, y2 = page.anchors["seal"]  # from the top left of the page
            rendered.seal_place = (index, (x1 * PT_PER_PX, (page.height - y2) * PT_PER_PX,
                                           x2 * PT_PER_PX, (page.height - y1) * PT_PER_PX))
            break
    return rendered


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
