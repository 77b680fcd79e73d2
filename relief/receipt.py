"""The donation receipt (捐赠收据, not a tax invoice) as a PDF: one template, one render function,
the fetcher and QR code of the filing PDF (``filings.pdf``). The QR code opens the public check
page of this receipt by its random token."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import HTML

from filings.pdf import PortalFetcher, qr_data_uri
from relief.models import Donation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
SECTIONS = ["", "万", "亿"]


def capital(amount) -> str:
    """An amount in 元 in Chinese capitals, as receipts print it: 1234.50 → 壹仟贰佰叁拾肆元伍角整."""
    cents = int(round(amount * 100))
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    words, section, zero = "", 0, False
    if cents == 0:
        return "零元整"
    whole = yuan > 0
    while yuan:
        part, yuan = yuan % 10000, yuan // 10000
        chunk, pos, pending = "", 0, False
        while part:
            digit, part = part % 10, part // 10
            if digit:
                chunk = DIGITS[digit] + UNITS[pos] + ("零" if pending else "") + chunk
                pending = False
            elif chunk:
                pending = True
            pos += 1
        if chunk:
            words = chunk + SECTIONS[section] + ("零" if zero and words else "") + words
        zero = pos < 4 or not chunk
        section += 1
    if whole:
        words += "元"
    if jiao:
        words += DIGITS[jiao] + "角"
    if fen:
        words += ("零" if whole and not jiao else "") + DIGITS[fen] + "分"
    return words + ("" if fen else "整")


def check_url(donation: Donation) -> str:
    return settings.PORTAL.get("SITE_URL", "").rstrip("/") + reverse("disclosure:receipt", args=[donation.token])


def render(donation: Donation) -> bytes:
    from relief.donations import donated_goods

    html = render_to_string("relief/receipt_pdf.html", {
        "d": donation, "capital": capital(donation.amount), "goods": donated_goods(donation).values(),
        "qr": qr_data_uri(check_url(donation)), "check_url": check_url(donation)})
    return HTML(string=html, url_fetcher=PortalFetcher(), base_url=str(settings.BASE_DIR)).write_pdf()
