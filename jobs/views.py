"""The requester's view of a background job: a page with a progress bar, the small JSON it polls,
the result file, and 重试 for a failed one. Only the requester, inside their scope, ever sees a
job (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from jobs import services
from jobs.models import Job
from orgs import scoping


def _own(request, pk) -> Job:
    return scoping.get_visible_or_404(Job, request.user, pk=pk, requested_by=request.user)


@never_cache
@login_required
@require_GET
def job_list(request):
    jobs = Job.objects.visible_to(request.user).filter(requested_by=request.user)[:50]
    return render(request, "jobs/list.html", {"jobs": jobs})


@never_cache
@login_required
@require_GET
def job_detail(request, pk):
    return render(request, "jobs/detail.html", {"job": _own(request, pk)})


@never_cache
@login_required
@require_GET
def job_progress(request, pk):
    job = _own(request, pk)
    return JsonResponse({
        "status": job.status, "status_label": job.get_status_display(), "finished": job.finished,
        "done": job.done, "total": job.total, "percent": job.percent, "message": job.message,
        "download_url": reverse("jobs:download", args=[job.pk]) if job.file else "",
        "can_retry": job.can_retry, "again_url": job.again_url,
    })


@never_cache
@login_required
@require_GET
def job_download(request, pk):
    job = _own(request, pk)
    if not job.file:
        raise Http404("结果文件不存在。")
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename or job.file.name)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def job_retry(request, pk):
    try:
        services.retry(_own(request, pk), by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("jobs:detail", pk)
