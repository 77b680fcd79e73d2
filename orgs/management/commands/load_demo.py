"""Load the demo region (fixtures/demo_region.json): the 雁江区 tree of seed 000 and demo accounts."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from orgs.models import GovernanceEvent, LeadershipTerm, Organization, User

NODE_FIELDS = ("name", "level", "category", "form", "host_unit", "address", "unit_head", "headcount",
               "resident_population", "villages_total", "founded_on")


class Command(BaseCommand):
    help = "载入演示辖区（雁江区）和各角色演示账号；已载入则跳过。"

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(Path(settings.BASE_DIR) / "fixtures" / "demo_region.json"))

    @transaction.atomic
    def handle(self, *args, file, **options):
        data = json.loads(Path(file).read_text(encoding="utf-8"))
        if Organization.objects.filter(depth=1, name=data["tree"]["name"]).exists():
            self.stdout.write("演示数据已存在，跳过。")
            return
        root = Organization.objects.add_root(_fields(data["tree"]))
        _add_details(root, data["tree"])
        self._add_children(root, data["tree"].get("children", []))
        for spec in data["accounts"]:
            user = User(username=spec["username"], full_name=spec["full_name"], role=spec["role"],
                        org=Organization.objects.get(name=spec["org"]),
                        must_change_password=True)  # the demo password is public: replace at first sign-in
            user.set_password(data["password"])
            user.save()
        self.stdout.write(self.style.SUCCESS(
            f"已载入 {Organization.objects.count()} 个组织、{len(data['accounts'])} 个演示账号。"))

    def _add_children(self, parent, children):
        for spec in children:
            node = Organization.objects.add_child(parent, _fields(spec))
            _add_details(node, spec)
            self._add_children(node, spec.get("children", []))


def _fields(spec: dict) -> dict:
    return {k: spec[k] for k in NODE_FIELDS if k in spec}


def _add_details(org, spec: dict) -> None:
    for kind, on in spec.get("governance", []):
        GovernanceEvent.objects.create(org=org, kind=kind, occurred_on=date.fromisoformat(on))
    for role, name, since in spec.get("terms", []):
        LeadershipTerm.objects.create(org=org, role=role, person_name=name, starts_on=date.fromisoformat(since))
