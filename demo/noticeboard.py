"""Notices the district sent down this year, in every state a user meets: one asking towns and
departments for a reply (replied with a file, read, unread), a 通报 read by some, and a withdrawn
提示函. Made through ``notices.services``; the texts are fictional."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.papers import scan_pdf
from demo.region import Region
from notices import services, year_end
from notices.models import Notice
from reports.services import submit_year_end_report


def _pdf(title: str, lines: list[str], sealed_by: str, dated: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{title}.pdf", scan_pdf(title, lines, sealed_by=sealed_by, dated=dated),
                              content_type="application/pdf")


def make_notices(region: Region) -> list[Notice]:
    district = region.org("雁江区红十字会")
    publisher = region.account("yj_reviewer")
    town_staff, dept_staff = region.account("lianhua_staff"), region.account("jiaoyu_staff")
    dated = f"{region.today:%Y年%-m月%-d日}"
    ask = services.publish(
        by=publisher, kind="notice", title="关于报送基层组织建设情况及回执的通知",
        body="各镇（街道）、区级部门红十字会：\n请于截止日期前报送本单位基层组织建设情况，并填写回执。"
             "备案表和选举结果请以附件形式上传。",
        files=[_pdf("基层组织建设情况统计表", ["请按附表填写本单位基层组织建设情况。"], district.name, dated)],
        reply_required=True, reply_deadline=region.today + timedelta(days=14),
        targets=services.recipients(district, levels=["town", "department"]))
    services.mark_read(ask, by=town_staff)
    services.reply(ask, by=town_staff, text="已按要求填写，附件为本街道建设情况。",
                   upload=_pdf("莲花街道建设情况", ["本街道已建红十字会 1 个，社区红十字会若干。"], "莲花街道办事处",
                               dated))
    services.mark_read(ask, by=dept_staff)
    services.remind(ask, by=publisher, state="unreplied")
    bulletin = services.publish(
        by=publisher, kind="bulletin", title="关于上半年应急救护培训工作情况的通报",
        body="上半年全区开展应急救护培训多期，各镇（街道）积极组织，现将情况通报如下。",
        targets=services.recipients(district, levels=["town"]))
    services.mark_read(bulletin, by=town_staff)
    prompt = services.publish(
        by=publisher, kind="prompt", title="关于会费收缴工作的提示函",
        body="请各单位按时收缴会费并做好登记。", targets=services.recipients(district, categories=["organ"]))
    services.withdraw(prompt, by=publisher, reason="内容与新文件重复，另行通知")
    return [ask, bulletin, prompt]


def return_an_older_year_end(region: Region) -> None:
    """The city sent 雁江区's report of the year before last back for correction (last year's
    stays submitted, 安岳县 has not submitted): the city's 下级年度统计 page shows every state."""
    older = submit_year_end_report(region.org("雁江区红十字会"), year=region.today.year - 2,
                                   by=region.account("yj_admin"))
    year_end.return_report(older, by=region.account("city_admin"),
                           comment="应急救护培训人数与培训台账不一致，请核对后重新报送")


def publicise_awards(region: Region) -> None:
    """Two more ratings in 公示 on 雁江区's public page: one held by an open objection, one whose
    objection was found unfounded (the rating back in its own 公示). The objectors are fictional."""
    from notices import publicity
    from volunteers import services as volunteers
    from volunteers.models import Volunteer

    reviewer = region.account("yj_reviewer")
    unrated = (Volunteer.objects.filter(org__path__startswith=region.org("雁江区红十字会").path, star_awards=None)
               .order_by("pk")[:2])
    objections = []
    for volunteer in unrated:
        award = volunteers.award_stars(volunteer, by=reviewer, stars=1, reason="服务时长达到标准，热心公益",
                                       awarded_on=region.days_ago(1))
        objections.append(publicity.object_to(
            award, name=region.people.name(male=True), contact=region.people.phone(),
            reason="该志愿者部分服务时长与本人所知情况不符，请核实。"))
    if len(objections) == 2:
        publicity.decide(objections[1], by=reviewer, decision="released", note="经核对活动签到表，服务时长属实")


def file_work_papers(region: Region) -> None:
    """This year's plans: 莲花街道's is in (its summary not yet), 区教育局's was returned."""
    from notices import papers

    year = region.today.year
    for username, org_name in (("lianhua_staff", "莲花街道红十字会"), ("jiaoyu_staff", "区教育局红十字会")):
        org = region.org(org_name)
        lines = ["一、加强基层组织建设。", "二、开展应急救护培训。", "三、做好会员发展和志愿服务。"]
        data = scan_pdf(f"{org.name}{year}年工作计划", lines, sealed_by=org.name, dated=f"{year}年1月10日")
        paper = papers.submit(org, year=year, kind="plan", by=region.account(username),
                              upload=SimpleUploadedFile(f"{year}年工作计划.pdf", data, content_type="application/pdf"))
    papers.return_paper(paper, by=region.account("yj_reviewer"), comment="请补充全年培训目标和时间安排")
