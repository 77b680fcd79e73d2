"""救护员证: issued to the passed seats of a 救护员 or 复训 class, numbered per issuing body per year
under a row lock, valid three years (a 复训 issues a fresh one, so the holder's newest date
counts); printed as an A4 PDF with the body's seal and a QR code to the public check page."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import HTML

from filings.pdf import PortalFetcher, data_uri, qr_data_uri
from lib import audit
from orgs import scoping
from orgs.models import BODY_LEVELS, Organization
from training.models import CERTIFYING, Certificate, CertificateCounter

VALID_YEARS = 3


def expiry(issued_on: date) -> date:
    """Three years on, the day before the anniversary (29 February falls back to the 28th)."""
    from datetime import timedelta

    try:
        anniversary = issued_on.replace(year=issued_on.year + VALID_YEARS)
    except ValueError:
        anniversary = issued_on.replace(year=issued_on.year + VALID_YEARS, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


def _next_serial(org, year: int) -> int:
    CertificateCounter.objects.get_or_create(org=org, year=year)
    counter = CertificateCounter.objects.select_for_update().get(org=org, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def issuing_body(klass) -> Organization:
    """The class's certifying body, or else the nearest Red Cross body (county and up) at or above
    the org that ran it: 救护员证 are issued by bodies, whose seal they carry."""
    if klass.certifying_org is not None:
        return klass.certifying_org
    if klass.org.level in BODY_LEVELS:
        return klass.org
    bodies = [org for org in Organization.objects.get_ancestors(klass.org) if org.level in BODY_LEVELS]
    return bodies[-1] if bodies else klass.org


@transaction.atomic
def issue_for_class(klass, *, by, issued_on: date | None = None) -> list[Certificate]:
    """A certificate for every passed seat that has none yet; the class's certifying body issues
    (``issuing_body``)."""
    scoping.require(by, "training.certify", klass)
    if klass.kind not in CERTIFYING:
        raise ValidationError("该类培训不发放救护员证。")
    issued_on = issued_on or klass.ends_on
    body = issuing_body(klass)
    made = []
    for seat in klass.enrollments.filter(passed=True, certificate__isnull=True).select_related("trainee"):
        made.append(Certificate.objects.create(
            issuer=body, enrollment=seat, trainee=seat.trainee, year=issued_on.year,
            serial=_next_serial(body, issued_on.year), issued_on=issued_on, expires_on=expiry(issued_on)))
    if not made:
        raise ValidationError("没有待发证的合格学员。")
    audit.record("training.certificates_issued", user=by, obj=klass, count=len(made))
    return made


def check_url(certificate: Certificate) -> str:
    return settings.PORTAL.get("SITE_URL", "").rstrip("/") + reverse("verify:certificate", args=[certificate.token])


def render(certificate: Certificate) -> bytes:
    seal = getattr(certificate.issuer, "seal", None)
    seal_uri = None
    if seal is not None and seal.image:
        with seal.image.open("rb") as f:
            seal_uri = data_uri(f.read(), "image/png")
    seat = certificate.enrollment
    html = render_to_string("training/certificate_pdf.html", {
        "cert": certificate, "trainee": certificate.trainee, "klass": seat.training_class, "seat": seat,
        "seal": seal_uri, "qr": qr_data_uri(check_url(certificate)), "check_url": check_url(certificate)})
    return HTML(string=html, url_fetcher=PortalFetcher(), base_url=str(settings.BASE_DIR)).write_pdf()


def printed(certificate: Certificate, *, by) -> bytes:
    scoping.require(by, "training.view", certificate)
    data = render(certificate)
    audit.record("training.certificate_printed", user=by, obj=certificate, number=certificate.number)
    return data
