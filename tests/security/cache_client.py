"""One web client in a process of its own, for ``test_shared_cache.py``: ``python -m
tests.security.cache_client MODE ARG`` prints what it saw as JSON. Modes: ``setup`` (an open
grassroots org and a staff account; prints their ids), ``apply ORG:START`` (four public applications
from one address; prints the status codes), ``import USER`` (a member import with a bad row;
prints the token of its error workbook), ``fetch USER:TOKEN`` (that workbook, ten times)."""

import io
import json
import sys
from datetime import date

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from orgs.models import Organization, User  # noqa: E402
from tests.members.factories import ids  # noqa: E402


def main(mode: str, arg: str = "") -> object:
    setup_test_environment()  # 'testserver' allowed, responses keep their context
    client = Client()
    if mode == "setup":
        org = Organization.add_root(name="共享缓存社区红十字会", level="village", category="community")
        user = User(username="cache_staff", org=org, role="staff", full_name="测试")
        user.set_password("Cache#Portal2026")
        user.save()
        return {"org": org.pk, "user": user.pk}
    if mode == "apply":
        org, _, start = arg.partition(":")
        data = {"kind": "adult", "name": "申请人", "phone": "13800000009"}
        return [client.post(f"/members/apply/{org}/", {**data, "id_number": id_number}).status_code
                for id_number in ids(4, start=int(start))]
    user_pk, _, token = arg.partition(":")
    client.force_login(User.objects.get(pk=user_pk))
    if mode == "import":
        from openpyxl import Workbook

        from members.resources import COLUMNS

        wb = Workbook()
        wb.active.append([h for h, _ in COLUMNS])
        wb.active.append(["成人会员", "会员", "110105194912310020", "13800000000", "否", "", "", "", date(2025, 3, 1)])
        data = io.BytesIO()
        wb.save(data)
        data.seek(0)
        data.name = "m.xlsx"
        response = client.post("/members/import/", {"file": data, "commit": "1"})
        return response.context["result"].token
    return [client.get(f"/members/import/failed/{token}.xlsx").status_code for _ in range(10)]


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:])))
