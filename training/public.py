"""``/verify/``: the page a certificate's QR code opens, for anyone: found only by its random token;
says whether the certificate is valid today and names its holder masked (张*), nothing more."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from notices.publicity import mask_name
from orgs import scoping
from training.models import Certificate


@require_GET
@cache_control(no_store=True)
def certificate_check(request, token):
    # narrowed by the unguessable token, not by a subtree: the public has none
    found = scoping.allow_unscoped(Certificate.objects.select_related("issuer", "trainee"))
    cert = get_object_or_404(found, token=token)
    return render(request, "training/certificate_check.html", {
        "cert": cert, "name": mask_name(cert.trainee.name), "valid": cert.valid_on(timezone.localdate())})
