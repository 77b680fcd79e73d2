"""Every kind of workbook the portal writes, fetched as its users fetch it, into one directory.

    DEBUG=1 DATABASE_URL=sqlite:///…/db.sqlite3 .venv/bin/python bench/xlsx_kinds.py OUTDIR

Run by ``bench/check_xlsx_libreoffice.sh`` on a fresh database holding the demo region
(``manage.py load_demo``). As the demo's 莲花街道 clerk it downloads the member import template,
fills in 300 members below the template's header (所属组织编号 left empty) and imports them, then
uploads a file with bad rows to get the error workbook; volunteers and 200 service records arrive
through their templates too. Then the lists, the full exports (after an operator's grant), the
statistics and the admin's xlsx export are downloaded. Only the portal's pages are used (the test
client against the same URLs), so the script runs unchanged against older versions of the code.
"""

import io
import os
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from lib.identity import id_check_char  # noqa: E402
from members.models import Member  # noqa: E402
from orgs.admin import admin_site  # noqa: E402
from orgs.models import Organization, User  # noqa: E402
from volunteers import services as volunteers  # noqa: E402
from volunteers.models import ServiceRecord  # noqa: E402


def fake_id(n: int, born: date) -> str:
    """Valid by construction, never a real person's: region 512002 (雁江区), sequence ``n``."""
    first17 = f"512002{born:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_char(first17)


def body(response) -> bytes:
    assert response.status_code == 200, (response.status_code, getattr(response, "url", ""))
    return b"".join(response.streaming_content) if response.streaming else response.content


def filled(template: bytes, rows: list[list]) -> bytes:
    """The template with ``rows`` typed in under its header, as a clerk would."""
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def header_of(template: bytes) -> list[str]:
    ws = openpyxl.load_workbook(io.BytesIO(template)).worksheets[0]
    for row in ws.iter_rows(max_row=10, values_only=True):
        if "身份证号码" in row or "身份证号" in row:
            return [str(v) if v is not None else "" for v in row]
    raise SystemExit("template without a header")


def main(outdir: str) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    save = {}
    client = Client(HTTP_HOST="localhost")
    clerk, city_admin = User.objects.get(username="lianhua_staff"), User.objects.get(username="city_admin")
    reviewer = User.objects.get(username="yj_reviewer")
    client.force_login(clerk)

    template = body(client.get(reverse("members:import_template")))
    save["member-template"] = template
    header = header_of(template)
    people = []
    for i in range(300):
        adult = i % 5 != 0
        born = date(1960 + i % 40, 1 + i % 12, 1 + i % 28) if adult else date(2012, 1 + i % 12, 1 + i % 28)
        values = {"会员类别": "成人会员" if adult else "青少年会员", "姓名/单位名称": f"演示会员{i:03d}",
                  "身份证号码": fake_id(i, born), "手机号码": f"1380000{i:04d}" if adult else None,
                  "在校学生": "否" if adult else "是", "入会日期": date(2024, 1 + i % 12, 1 + i % 28)}
        people.append([values.get(h) for h in header])
    response = client.post(reverse("members:import"), {
        "file": SimpleUploadedFile("members.xlsx", filled(template, people)), "commit": "1"})
    if response.status_code != 302:  # older versions: the template as supplied imports nothing
        reason = re.search(r"<td>\d+</td><td>[^<]*</td><td>([^<]*)</td>", response.content.decode())
        print(f"模板原样导入 300 行被拒绝：{reason.group(1) if reason else '?'}；"
              "改为填写所属组织编号和手机号码后重试", file=sys.stderr)
        org_column, phone_column = header.index("所属组织编号"), header.index("手机号码")
        for i, row in enumerate(people):
            row[org_column], row[phone_column] = clerk.org_id, f"1380000{i:04d}"
        wb = openpyxl.Workbook()
        for row in [header, *people]:
            wb.active.append(row)
        data = io.BytesIO()
        wb.save(data)
        response = client.post(reverse("members:import"), {
            "file": SimpleUploadedFile("members.xlsx", data.getvalue()), "commit": "1"})
    assert response.status_code == 302, "the 300 rows were refused"
    bad = [list(row) for row in people[:5]]
    bad[0][header.index("身份证号码")] = bad[0][header.index("身份证号码")][:17] + "0"
    bad[1][header.index("会员类别")] = "普通会员"
    bad[2][header.index("手机号码")] = "1380000"
    response = client.post(reverse("members:import"), {
        "file": SimpleUploadedFile("bad.xlsx", filled(template, bad)), "commit": "0"})
    link = re.search(r'href="([^"]*/import/failed/[^"]+)"', response.content.decode()).group(1)
    save["member-import-errors"] = body(client.get(link))

    lianhua = Organization.objects.get(name=clerk.org.name)
    vtemplate = body(client.get(reverse("volunteers:import_template", args=["volunteers"])))
    save["volunteer-template"] = vtemplate
    vheader = header_of(vtemplate)
    vrows = [[{"姓名": f"演示志愿者{i:02d}", "性别": "女" if i % 2 else "男",
               "身份证号": fake_id(500 + i, date(1990, 1, 1 + i)), "手机号": f"1390000{i:04d}", "技能特长": "急救",
               "注册日期": date(2024, 3, 1)}.get(h) for h in vheader] for i in range(20)]
    response = client.post(reverse("volunteers:import"), {
        "org": lianhua.pk, "kind": "volunteers", "file": SimpleUploadedFile("v.xlsx", filled(vtemplate, vrows))})
    assert response.status_code == 302, "the volunteers were refused"
    rtemplate = body(client.get(reverse("volunteers:import_template", args=["records"])))
    save["service-record-template"] = rtemplate
    rheader = header_of(rtemplate)
    rrows = [[{"身份证号": fake_id(500 + i % 20, date(1990, 1, 1 + i % 20)),
               "服务日期": date(2025, 1 + i % 12, 1 + i // 12), "服务时长（小时）": 2,
               "备注": "社区应急救护宣传"}.get(h) for h in rheader] for i in range(200)]
    response = client.post(reverse("volunteers:import"), {
        "org": lianhua.pk, "kind": "records", "file": SimpleUploadedFile("r.xlsx", filled(rtemplate, rrows))})
    assert response.status_code == 302, "the service records were refused"
    for record in ServiceRecord.objects.all():
        volunteers.approve_record(record, by=reviewer)

    save["member-list"] = body(client.get(reverse("members:export")))
    save["volunteer-list"] = body(client.get(reverse("volunteers:export")))
    save["service-records"] = body(client.get(reverse("volunteers:export_records"), {"status": ""}))
    call_command("pii_export_grant", clerk.username, stdout=io.StringIO())
    client.force_login(User.objects.get(pk=clerk.pk))
    save["member-full-export"] = body(client.post(reverse("members:export_full"), {"reason": "年度名册核对"}))
    save["volunteer-full-export"] = body(client.post(reverse("volunteers:export_full"), {"reason": "保险投保名单"}))

    client.force_login(city_admin)
    save["statistics"] = body(client.get(reverse("reports:export"), {"org": city_admin.org.pk}))
    formats = admin_site._registry[Member].get_export_formats()
    xlsx_format = next(i for i, f in enumerate(formats) if f().get_extension() == "xlsx")
    save["admin-member-export"] = body(client.post(reverse("admin:members_member_export"), {
        "format": str(xlsx_format), "resource": "0", **{f"memberresource_{f}": "on" for f in (
            "number", "kind", "name", "id_number", "phone", "org", "joined_on", "status")}}))
    from campaigns.models import Campaign

    demo_campaign = Campaign.objects.get(org__name="雁江区红十字会")
    save["supervision"] = body(client.get(reverse("campaigns:board_export", args=[demo_campaign.pk])))
    for name, content in save.items():
        (out / f"{name}.xlsx").write_bytes(content)
        print(out / f"{name}.xlsx")


if __name__ == "__main__":
    main(*sys.argv[1:])
