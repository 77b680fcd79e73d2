"""Entering targets (seed 001's five-year targets, and their split among child orgs): admins set
them for their own org or one below; a part never exceeds the whole it was split from."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from lib import audit
from orgs import scoping
from orgs.models import Organization
from reports.models import Metric, Target


def _split_errors(org: Organization, metric: str, starts_on, value: int) -> dict:
    """Against the parent's target for the same metric and period (the sum of its children's parts
    must not exceed it) and against this org's own children's parts (it must hold them all)."""
    errors = {}
    parent = Organization.objects.get_parent(org)
    whole = Target.objects.filter(org=parent, metric=metric, starts_on=starts_on).first() if parent else None
    if whole is not None:
        others = Target.objects.filter(org__in=Organization.objects.get_children(parent), metric=metric,
                                       starts_on=starts_on).exclude(org=org).aggregate(s=Sum("value"))["s"] or 0
        if others + value > whole.value:
            errors["value"] = (f"分解到各下级的目标之和（{others + value}）超过了{parent.name}的目标"
                               f"（{whole.value}）。")
    parts = Target.objects.filter(org__in=Organization.objects.get_children(org), metric=metric,
                                  starts_on=starts_on).aggregate(s=Sum("value"))["s"] or 0
    if parts > value:
        errors["value"] = f"已分解到下级的目标之和为 {parts}，本级目标不能小于它。"
    return errors


@transaction.atomic
def set_target(org: Organization, *, by, metric: str, starts_on, ends_on, value: int) -> Target:
    """One target per org, metric and period start; setting it again changes its value."""
    scoping.require(by, "target.manage", org)
    errors = {}
    if metric not in Metric.values:
        errors["metric"] = "请选择指标。"
    if value is None or value < 0:
        errors["value"] = "目标值不能小于 0。"
    if ends_on <= starts_on:
        errors["ends_on"] = "截止日期须晚于起始日期。"
    if not errors:
        errors = _split_errors(org, metric, starts_on, value)
    if errors:
        raise ValidationError(errors)
    target, _ = Target.objects.update_or_create(org=org, metric=metric, starts_on=starts_on,
                                                defaults={"ends_on": ends_on, "value": value})
    audit.record("target.set", user=by, obj=target, org=org, metric=metric, value=value)
    return target
