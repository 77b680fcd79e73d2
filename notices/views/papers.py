"""工作计划/工作总结: the org's own uploads, and the children's status for a body above."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notices import papers
from notices.models import PaperKind, WorkPaper
from notices.views.board import _download
from orgs import scoping


class PaperForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=PaperKind.choices)
    file = forms.FileField(label="文件", required=False,
                           help_text="PDF、Word（.docx）、Excel（.xlsx）、JPG 或 PNG，不超过 10 MB。")


def _year(value) -> int:
    today = timezone.localdate()
    try:
        year = int(value)
    except (TypeError, ValueError):
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@login_required
@require_http_methods(["GET", "POST"])
def paper_list(request):
    org = request.user.org
    scoping.require(request.user, "notice.view", org)
    year = _year(request.GET.get("year") or request.POST.get("year"))
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            papers.submit(org, year=year, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
                          by=request.user)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "已报送。")
            return redirect(f"{request.path}?year={year}")
    own = {p.kind: p for p in scoping.scope(WorkPaper.objects.all(), request.user).filter(org=org, year=year)}
    return render(request, "notices/papers.html", {
        "org": org, "year": year, "form": form, "own": [(k, label, own.get(k)) for k, label in PaperKind.choices],
        "children": papers.children_status(org, year) if org.is_body else [],
        "due": {k: papers.due_on(k, year) for k in PaperKind.values},
        "can_upload": scoping.can(request.user, "notice.reply", org),
        "years": range(timezone.localdate().year + 1, 2019, -1)})


@login_required
@require_GET
def paper_file(request, pk):
    paper = scoping.get_visible_or_404(WorkPaper, request.user, pk=pk)
    scoping.require(request.user, "notice.view", paper)
    return _download(paper.file, paper.name, paper.content_type)


@login_required
@require_POST
def paper_return(request, pk):
    paper = scoping.get_visible_or_404(WorkPaper.objects.select_related("org"), request.user, pk=pk)
    try:
        papers.return_paper(paper, by=request.user, comment=request.POST.get("comment", ""))
        messages.success(request, f"已退回{paper.org.name}的{paper.get_kind_display()}。")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(f"/notices/papers/?year={paper.year}")
