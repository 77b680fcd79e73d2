"""The demo's filings, one in every state, each brought there by the workflow as its users would:
filled in and submitted by the unit, returned with an overall and field comments or approved by
雁江区's reviewer after the district's admin has uploaded its e-seal (approval stamps with it)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.papers import scan_pdf
from demo.region import Region
from demo.seal import seal_png
from filings import stamping, uploads, workflow
from filings.models import Filing
from members.models import Member, Status
from orgs.models import Level, Organization

#: org → the state its filing is left in; 临江镇 and 中和镇 have not started (the overdue list)
STATES = {
    "三贤祠街道红十字会": "filed",
    "区卫生健康局红十字会": "filed",
    "莲花社区红十字会": "filed",
    "莲花街道红十字会": "returned",
    "宝台镇红十字会": "submitted",
    "区民政局红十字会": "submitted",
    "区教育局红十字会": "draft",
    "岳阳镇红十字会": "submitted",  # 安岳县: its reviewer's queue is not empty either
}
SEAL_OF = {"雁江区红十字会": "资阳市雁江区红十字会"}
RETURN_COMMENT = "单位概况过于简略，联系人电话请核实后重新提交。"
FIELD_COMMENTS = {
    "host_profile": "请补充辖区村（社区）数量、常住人口和红十字服务站建设情况。",
    "contact1_phone": "该号码无法接通，请核实。",
}
FOUNDED = date(2022, 10, 20)  # seed 000: 组织实施阶段, before the 2022-11-15 deadline
SEALED = date(2022, 10, 24)


def upload_district_seal(region: Region) -> None:
    """The district admin uploads 雁江区's e-seal before anything is approved (approval stamps with it)."""
    for body_name, text in SEAL_OF.items():
        upload = SimpleUploadedFile(f"{body_name}电子印章.png", seal_png(text), content_type="image/png")
        uploads.set_seal(region.org(body_name), upload=upload, by=region.account("yj_admin"))


def make_filings(region: Region) -> dict[str, Filing]:
    upload_district_seal(region)
    return {name: _bring_to(region, region.org(name), state) for name, state in STATES.items()}


def _bring_to(region: Region, org: Organization, state: str) -> Filing:
    staff = region.staff_of(org)
    filing = workflow.start_filing(org, by=staff)
    values = _values(region, org)
    if state == "draft":  # half done: the unit's profile and the scans are still to come
        values = {k: v for k, v in values.items() if not k.startswith(("host_profile", "party_opinion"))}
    filing = workflow.save_filing(filing, by=staff, **values)
    _attach(filing, org, staff, scans=("election",) if state == "draft" else ("election", "signed_scan"))
    if state == "draft":
        return filing
    filing = workflow.submit_filing(filing, by=staff)
    reviewer = region.account("yj_reviewer" if org.is_within(region.org("雁江区红十字会")) else "anyue_reviewer")
    if state == "returned":
        return workflow.return_filing(filing, by=reviewer, comment=RETURN_COMMENT, field_comments=FIELD_COMMENTS)
    if state == "filed":
        # the PDF of record is made after commit; the demo loads in one transaction, so make it now
        return stamping.stamp(workflow.approve_filing(filing, by=reviewer, comment=""))
    return filing


def _values(region: Region, org: Organization) -> dict:
    people = region.people
    leader = people.person(date(1968, 1, 1), date(1985, 12, 31))[0]
    members = Member.objects.filter(org=org, status=Status.ACTIVE).count()
    return {
        "name": org.name, "category": org.category, "host_unit": org.host_unit,
        "address": org.address or _address(org),
        "unit_head": org.unit_head, "headcount": org.headcount or org.resident_population or 0,
        "leader_name": leader, "leader_phone": people.phone(), "founded_on": FOUNDED,
        "member_count": members or 20,
        "contact1_name": people.person(date(1975, 1, 1), date(1995, 12, 31))[0], "contact1_phone": people.phone(),
        "contact2_name": people.person(date(1975, 1, 1), date(1995, 12, 31))[0], "contact2_phone": people.phone(),
        "host_profile": _profile(org), "host_profile_sealed_on": SEALED,
        "party_opinion": f"经{org.host_unit}党组织研究，同意成立{org.name}，{leader}同志任会长。",
        "party_opinion_sealed_on": SEALED,
    }


def _address(org: Organization) -> str:
    unit = org.host_unit.removeprefix("资阳市")
    return "资阳市" + (unit if unit.startswith(("雁江区", "安岳县")) else "雁江区" + unit)


def _profile(org: Organization) -> str:
    if org.level == Level.TOWN:
        return (f"{org.host_unit}辖{org.villages_total or '若干'}个村（社区），常住人口约"
                f"{(org.resident_population or 0) / 10000:.1f}万人。街道（镇）党（工）委明确由分管文卫工作的班子成员"
                "兼任会长，社事办主任兼任副会长兼秘书长，在便民服务中心设红十字服务站，每年开展应急救护培训和博爱送万家活动。")
    if org.level == Level.DEPARTMENT:
        return (f"{org.host_unit}现有干部职工{org.headcount or 0}人，机关党组织健全。由分管群团工作的班子成员兼任会长，"
                "工会主席兼任副会长兼秘书长，依托职工之家开展红十字宣传和无偿献血动员。")
    return (f"{org.host_unit}有干部职工和居民（学生）约{org.headcount or org.resident_population or 0}人，"
            "已有红十字会员和志愿者队伍，定期开展应急救护知识普及、困难群众帮扶等活动。")


def _attach(filing: Filing, org: Organization, staff, *, scans) -> None:
    texts = {
        "election": ("选举结果", [f"{FOUNDED:%Y年%-m月%-d日}，{org.name}召开第一次会员代表大会。",
                                 "经无记名投票，选举产生第一届理事会，会长、副会长兼秘书长人选已经大会通过。"]),
        "signed_scan": (f"{org.name}成立备案表（签字盖章页）",
                        ["本表所填内容真实准确，已经单位负责人签字并加盖公章。"]),
    }
    for kind in scans:
        title, lines = texts[kind]
        data = scan_pdf(title, lines, sealed_by=org.host_unit, dated=f"{SEALED:%Y年%-m月%-d日}")
        uploads.add_attachment(filing, kind=kind, by=staff,
                               upload=SimpleUploadedFile(f"{title}.pdf", data, content_type="application/pdf"))
