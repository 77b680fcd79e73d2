"""The targets page: admins enter their org's targets and split them among child orgs; progress
of their own org's targets as of today (``reports.statistics.target_progress``)."""


from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lib.formpages import submitted
from orgs import scoping
from orgs.forms import org_choice_field
from reports import statistics, targets
from reports.models import Metric, Target

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TargetForm(forms.Form):
    metric = forms.ChoiceField(label="指标", choices=Metric.choices)
    starts_on = forms.DateField(label="起始日期", widget=DATE, initial="2021-01-01")
    ends_on = forms.DateField(label="截止日期", widget=DATE, initial="2025-12-31")
    value = forms.IntegerField(label="目标值", min_value=0, error_messages={"min_value": "目标值不能小于 0。"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "组织")
        self.order_fields(["org"])


@login_required
@require_http_methods(["GET", "POST"])
def target_page(request):
    user = request.user
    scoping.require(user, "target.manage")
    form = TargetForm(request.POST or None, user=user, initial={"org": user.org_id})

    def save(org, **data):
        return targets.set_target(org, by=user, **data)

    done = submitted(request, form, save, success="已保存目标。", then=reverse("reports:targets"))
    if done:
        return done
    rows = scoping.scope(Target.objects.select_related("org"), user).order_by("metric", "starts_on", "org__path")
    progress = statistics.target_progress(user.org, timezone.localdate()) if user.org_id else []
    return render(request, "reports/targets.html", {"form": form, "targets": rows, "progress": progress})

