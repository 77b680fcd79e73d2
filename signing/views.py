"""Signing certificates (a body's admin) and the public pages: the root certificate to download,
and the verification of an uploaded PDF's signatures."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.proxies import client_ip
from orgs import scoping
from signing import pdfsign, services
from signing.forms import Pkcs12Form, RevokeForm, VerifyForm
from signing.models import SignedPdf, SigningCertificate

VERIFY_LIMIT, VERIFY_WINDOW = 30, 3600  # uploads per address and hour: parsing a PDF costs CPU


@require_GET
def ca_certificate(request):
    """Public: the deployment's root certificate, for offices to add to their trusted list."""
    authority = services.ca()
    if authority is None:
        raise Http404("平台根证书尚未创建。")
    response = HttpResponse(authority.cert_pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="redcross-root-ca.crt"'
    return response


def _too_many(request) -> bool:
    key = f"signing:verify:{client_ip(request)}"
    cache.add(key, 0, VERIFY_WINDOW)
    try:
        return cache.incr(key) > VERIFY_LIMIT
    except ValueError:
        cache.set(key, 1, VERIFY_WINDOW)
        return False


@require_http_methods(["GET", "POST"])
def verify_upload(request):
    """Public: anyone holding a signed PDF uploads it and reads who signed it, when, and whether it
    is intact; nothing is stored. Shows no personal data (the signer is a Red Cross body)."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    findings, document, error = None, None, ""
    if request.method == "POST" and form.is_valid():
        if _too_many(request):
            error = "上传核验过于频繁，请一小时后再试。"
        else:
            data = form.cleaned_data["pdf"].read()
            try:
                findings = pdfsign.verify(data)
            except pdfsign.Unreadable as exc:
                error = str(exc)
            else:
                # Public on purpose: matched only by the SHA-256 of a file the visitor holds.
                signed = scoping.allow_unscoped(SignedPdf.objects.select_related("certificate__org")) \
                    .filter(sha256=hashlib.sha256(data).hexdigest()).first()
                document = signed.document if signed else None
    status = 200 if request.method == "GET" or form.is_valid() else 400
    return render(request, "signing/verify.html", {"form": form, "findings": findings, "document": document,
                                                   "error": error, "authority": services.ca()}, status=status)


def _body(request):
    body = request.user.org
    scoping.require(request.user, "seal.manage", body)
    if not body.is_body:
        raise PermissionDenied("只有县级以上红十字会可以设置签名证书。")
    return body


@login_required
@require_GET
def manage(request):
    """A body's admin: its signing certificates, issuing one from the CA, importing its own."""
    body = _body(request)
    certificates = SigningCertificate.objects.visible_to(request.user).filter(org=body)
    return render(request, "signing/manage.html", {
        "body": body, "certificates": certificates, "active": services.active(body), "authority": services.ca(),
        "import_form": Pkcs12Form(), "revoke_form": RevokeForm()})


@login_required
@require_POST
def issue(request):
    body = _body(request)
    try:
        services.issue(body, by=request.user)
        messages.success(request, "已由平台根证书签发新的签名证书，此后出具的备案表 PDF 使用该证书签名。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("signing:manage")


@login_required
@require_POST
def import_pkcs12(request):
    body = _body(request)
    form = Pkcs12Form(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.import_pkcs12(body, form.cleaned_data["file"].read(), form.cleaned_data["password"],
                                   by=request.user)
            messages.success(request, "证书已导入，此后出具的备案表 PDF 使用该证书签名。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("signing:manage")


@login_required
@require_POST
def revoke(request, pk):
    cert = scoping.get_visible_or_404(SigningCertificate, request.user, pk=pk)
    try:
        services.revoke(cert, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, "证书已吊销：用它签名的 PDF 在核验页显示“证书已吊销”。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("signing:manage")
