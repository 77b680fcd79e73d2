"""Certificate pages: issuing a class's certificates, printing one, the lists (valid, expiring,
expired) and their Excel export."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lib import audit
from lib.excel import write as xlsx
from orgs import scoping
from orgs.models import Organization
from training import certificates
from training.models import Certificate, TrainingClass

#: a certificate is 即将到期 this many days before its date (the reminders' lead time)
EXPIRING_DAYS = 60
RELATED = ("issuer", "trainee", "enrollment__training_class__org")
STATES = {"valid": "有效", "expiring": "即将到期", "expired": "已过期"}


@login_required
@never_cache
@require_POST
def issue(request, pk):
    klass = scoping.get_visible_or_404(TrainingClass.objects.select_related("org"), request.user, pk=pk)
    try:
        made = certificates.issue_for_class(klass, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已发放 {len(made)} 本救护员证。")
    return redirect(reverse("training:class", args=[klass.pk]))


@login_required
@never_cache
@require_GET
def certificate_pdf(request, pk):
    cert = scoping.get_visible_or_404(Certificate.objects.select_related(*RELATED),
                                      request.user, pk=pk)
    response = HttpResponse(certificates.printed(cert, by=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{cert.number}.pdf"'
    return response


def _listed(request):
    scoping.require(request.user, "training.view")
    today = timezone.localdate()
    qs = Certificate.objects.visible_to(request.user).select_related(*RELATED)
    state = request.GET.get("state", "")
    if state == "valid":
        qs = qs.filter(issued_on__lte=today, expires_on__gte=today)
    elif state == "expiring":
        qs = qs.filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=EXPIRING_DAYS))
    elif state == "expired":
        qs = qs.filter(expires_on__lt=today)
    org = request.GET.get("org", "")
    if org.isascii() and org.isdigit():  # the holders trained by an org and the orgs below it
        chosen = scoping.get_visible_or_404(Organization, request.user, pk=int(org))
        qs = qs.filter(enrollment__training_class__org__path__startswith=chosen.path)
    return qs, state, today


@login_required
@never_cache
@require_GET
def certificate_list(request):
    qs, state, today = _listed(request)
    return render(request, "training/certificate_list.html", {
        "page": Paginator(qs, 50).get_page(request.GET.get("page")), "state": state, "states": STATES,
        "today": today, "soon": today + timedelta(days=EXPIRING_DAYS), "query": request.GET.urlencode()})


@login_required
@never_cache
@require_POST
def certificate_export(request):
    qs, _, today = _listed(request)
    rows = [[c.number, c.trainee.name, c.trainee.masked_id, c.org.name, c.issuer.name, c.issued_on, c.expires_on,
             "有效" if c.valid_on(today) else "已过期"] for c in qs]
    audit.record_export("training.certificates_export", request=request, count=len(rows))
    columns = [xlsx.Column("证书编号", 20), xlsx.Column("姓名", 10), xlsx.Column("身份证号码", 22, text=True),
               xlsx.Column("培训组织", 24), xlsx.Column("发证机构", 24),
               xlsx.Column("发证日期", 12, number_format="yyyy-mm-dd"),
               xlsx.Column("有效期至", 12, number_format="yyyy-mm-dd"), xlsx.Column("状态", 8)]
    return xlsx.response(lambda fh: xlsx.write(fh, title="救护员证", heading="救护员证清单", rows=rows,
                                               columns=columns),
                         "first-aid-certificates.xlsx")
