from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from filings import workflow
from filings.models import Filing, Status
from tests.filings.conftest import PDF_BYTES, VALUES


def form_data(**over):
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in VALUES.items()}
    data.update(over)
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_staff_starts_and_fills_the_form(cast, login):
    client = login(cast.t1_staff)
    assert client.get(reverse("filings:start", args=[cast.t1.pk])).status_code == 405
    resp = client.post(reverse("filings:start", args=[cast.t1.pk]))
    filing = Filing.objects.get(org=cast.t1)
    assert resp.url == reverse("filings:edit", args=[filing.pk])
    page = client.get(resp.url).content.decode()
    assert "基层组织名称" in page and "还缺少" in page and "<progress" in page
    resp = client.post(resp.url, form_data())
    assert resp.status_code == 302
    filing.refresh_from_db()
    assert filing.leader_name == "李测试"


@pytest.mark.parametrize(
    "over, field, message",
    [
        ({"leader_phone": "12345"}, "leader_phone", ""),
        (
            {"founded_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
            "founded_on",
            "日期不能晚于今天",
        ),
        ({"member_count": "9000"}, "member_count", "会员人数不能超过所辖人数"),
        ({"headcount": "-1"}, "headcount", ""),
    ],
)
def test_form_validation_is_shown_next_to_the_field(cast, login, over, field, message):
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    resp = login(cast.t1_staff).post(reverse("filings:edit", args=[filing.pk]), form_data(**over))
    assert resp.status_code == 200
    errors = resp.context["form"].errors
    assert field in errors and message in " ".join(errors[field])


def test_sibling_staff_and_other_district_get_404(complete_filing, cast, login):
    for user in (cast.t2_staff, cast.d2_reviewer, cast.t3_staff):
        client = login(user)
        for name in ("edit", "review", "pdf"):
            assert client.get(reverse(f"filings:{name}", args=[complete_filing.pk])).status_code == 404
        for name in ("submit", "approve", "return", "upload"):
            assert client.post(reverse(f"filings:{name}", args=[complete_filing.pk])).status_code == 404
        att = complete_filing.attachments.first()
        assert client.get(reverse("filings:attachment", args=[att.pk])).status_code == 404


def test_staff_cannot_open_review_page(submitted_filing, cast, login):
    client = login(cast.t1_staff)
    assert client.get(reverse("filings:review", args=[submitted_filing.pk])).status_code == 403
    assert client.post(reverse("filings:approve", args=[submitted_filing.pk])).status_code == 403
    assert client.get(reverse("filings:queue")).status_code == 403


def test_reviewer_returns_with_field_comment_shown_to_staff(submitted_filing, cast, login):
    client = login(cast.d1_reviewer)
    assert client.get(reverse("filings:return", args=[submitted_filing.pk])).status_code == 405
    client.post(
        reverse("filings:return", args=[submitted_filing.pk]),
        {"comment": "请补充", "fc_host_profile": "概况太简略"},
    )
    assert Filing.objects.get(pk=submitted_filing.pk).status == Status.RETURNED
    page = login(cast.t1_staff).get(reverse("filings:edit", args=[submitted_filing.pk])).content.decode()
    assert "请补充" in page and "审核意见：概况太简略" in page


def test_review_page_shows_changes_since_return(submitted_filing, cast, login):
    filing = workflow.return_filing(submitted_filing, by=cast.d1_reviewer, comment="改")
    filing = workflow.save_filing(filing, by=cast.t1_staff, address="新地址9号")
    workflow.submit_filing(filing, by=cast.t1_staff)
    page = login(cast.d1_reviewer).get(reverse("filings:review", args=[filing.pk])).content.decode()
    assert "单位地址：示例路1号 → 新地址9号" in page


def test_queue_filters_and_overdue_flag(submitted_filing, cast, login, settings):
    client = login(cast.d1_reviewer)
    assert list(client.get(reverse("filings:queue")).context["filings"]) == [submitted_filing]
    assert not list(client.get(reverse("filings:queue"), {"overdue": "on"}).context["filings"])
    Filing.objects.filter(pk=submitted_filing.pk).update(submitted_at=timezone.now() - timedelta(days=30))
    assert list(client.get(reverse("filings:queue"), {"overdue": "on"}).context["filings"]) == [
        submitted_filing
    ]
    assert not list(client.get(reverse("filings:queue"), {"town": cast.t2.pk}).context["filings"])
    assert not list(client.get(reverse("filings:queue"), {"category": "school"}).context["filings"])
    assert not list(login(cast.d2_reviewer).get(reverse("filings:queue")).context["filings"])


def test_overdue_list_names_units_without_a_filed_org(submitted_filing, cast, login):
    workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    orgs = list(login(cast.d1_reviewer).get(reverse("filings:overdue")).context["orgs"])
    assert orgs == [cast.t2]


def test_upload_rejects_disguised_files(complete_filing, cast, login):
    client = login(cast.t1_staff)
    url = reverse("filings:upload", args=[complete_filing.pk])
    bad = [
        ("x.html", b"<html><script>alert(1)</script>"),
        ("x.pdf", b"<html>"),
        ("x.html", PDF_BYTES),
        ("empty.pdf", b""),
        ("big.pdf", PDF_BYTES + b"0" * (5 * 1024 * 1024)),
    ]
    for name, content in bad:
        client.post(url, {"kind": "extra", "file": SimpleUploadedFile(name, content)})
    assert complete_filing.attachments.count() == 2
    client.post(url, {"kind": "extra", "file": SimpleUploadedFile("../../x.pdf", PDF_BYTES)})
    att = complete_filing.attachments.get(kind="extra")
    assert att.original_name == "x.pdf" and ".." not in att.file.name and "x.pdf" not in att.file.name


def test_attachment_served_as_download(complete_filing, cast, login):
    att = complete_filing.attachments.first()
    resp = login(cast.d1_reviewer).get(reverse("filings:attachment", args=[att.pk]))
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment")
    assert b"".join(resp.streaming_content) == PDF_BYTES
    assert login(cast.t1_staff).get("/media/" + att.file.name).status_code == 404


def test_verify_page_is_public_and_shows_nothing_personal(submitted_filing, cast, client):
    filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    page = client.get(reverse("filings:verify", args=[filing.token])).content.decode()
    assert "莲花街道红十字会" in page and "雁江区红十字会" in page
    assert "13800000001" not in page and "李测试" not in page
    assert client.get(reverse("filings:verify", args=["nope"])).status_code == 404


def test_verify_page_404_for_unfiled(submitted_filing, client):
    assert client.get(reverse("filings:verify", args=[submitted_filing.token])).status_code == 404


def test_org_page_shows_filing_panel(cast, login):
    page = login(cast.t1_staff).get(reverse("orgs:detail", args=[cast.t1.pk])).content.decode()
    assert "开始填写备案表" in page


def test_notifications_page_lists_only_own(submitted_filing, cast, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_filing(submitted_filing, by=cast.d1_reviewer, comment="请补充")
    page = login(cast.t1_staff).get(reverse("notifications:inbox")).content.decode()
    assert "被退回修改" in page
    assert "被退回修改" not in login(cast.t2_staff).get(reverse("notifications:inbox")).content.decode()
    login(cast.t1_staff).post(reverse("notifications:inbox"))
    from notifications.models import Notification

    assert not Notification.objects.filter(user=cast.t1_staff, read=False).exists()


def test_landline_is_accepted_and_stored_in_one_form(cast, login):
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    response = login(cast.t1_staff).post(reverse("filings:edit", args=[filing.pk]),
                                         form_data(leader_phone="028 2654 3210", contact1_phone="0832-1234567-12"))
    assert response.status_code == 302
    filing.refresh_from_db()
    assert (filing.leader_phone, filing.contact1_phone) == ("028-26543210", "0832-1234567-12")


def test_refused_save_says_not_saved_and_progress_counts_only_saved_values(cast, login):
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    saved_progress = Filing.objects.get(pk=filing.pk).progress()
    response = login(cast.t1_staff).post(reverse("filings:edit", args=[filing.pk]),
                                         form_data(leader_phone="12345", contact1_phone="abc"))
    page = response.content.decode()
    banner = page[page.index('id="not-saved"'):]
    assert "未保存" in banner[:300] and "2 处" in banner[:300]
    assert f'value="{saved_progress}"' in page and f"必填项完成度 {saved_progress}%" in page
    assert 'value="李测试"' in page  # what was typed stays in the form to be corrected
    filing.refresh_from_db()
    assert filing.leader_name == "" and filing.host_profile == ""  # nothing half-saved


def test_phones_are_masked_for_the_reviewer(submitted_filing, cast, login):
    workflow.return_filing(submitted_filing, by=cast.d1_reviewer, comment="改电话")
    workflow.save_filing(submitted_filing, by=cast.t1_staff, contact1_phone="0832-7654321")
    workflow.submit_filing(submitted_filing, by=cast.t1_staff)
    client = login(cast.d1_reviewer)
    for name in ("review", "edit"):
        page = client.get(reverse(f"filings:{name}", args=[submitted_filing.pk])).content.decode()
        assert "13800000001" not in page and "7654321" not in page, name
        assert "138****0001" in page and "0832-***4321" in page, name


def test_each_step_says_what_happened(complete_filing, cast, login):
    staff, reviewer = login(cast.t1_staff), None
    page = staff.post(reverse("filings:submit", args=[complete_filing.pk]), follow=True).content.decode()
    assert "已提交审核，等待雁江区红十字会审核" in page
    page = staff.post(reverse("filings:withdraw", args=[complete_filing.pk]), follow=True).content.decode()
    assert "已撤回，备案表回到草稿" in page
    staff.post(reverse("filings:submit", args=[complete_filing.pk]))
    reviewer = login(cast.d1_reviewer)
    page = reviewer.post(reverse("filings:return", args=[complete_filing.pk]), {"comment": "请补充"},
                         follow=True).content.decode()
    assert "已退回修改，莲花街道红十字会将收到通知" in page
    login(cast.t1_staff).post(reverse("filings:submit", args=[complete_filing.pk]))
    from filings import uploads
    from tests.filings.conftest import seal_upload

    uploads.set_seal(cast.d1, upload=seal_upload(), by=cast.d1_admin)
    page = login(cast.d1_reviewer).post(reverse("filings:approve", args=[complete_filing.pk]),
                                        follow=True).content.decode()
    number = Filing.objects.get(pk=complete_filing.pk).number
    assert f"已同意备案，备案编号 {number}" in page


def test_reviewer_previews_attachments_inline_with_headers_for_that_view_only(complete_filing, cast, login):
    from filings import uploads
    from tests.security.hostile import png

    image = uploads.add_attachment(complete_filing, kind="extra", upload=SimpleUploadedFile("附页.png", png()),
                                   by=cast.t1_staff)
    pdf_att = complete_filing.attachments.get(kind="election")
    workflow.submit_filing(complete_filing, by=cast.t1_staff)
    client = login(cast.d1_reviewer)
    page = client.get(reverse("filings:review", args=[complete_filing.pk])).content.decode()
    assert f'<iframe src="{reverse("filings:attachment_preview", args=[pdf_att.pk])}"' in page
    assert f'<img src="{reverse("filings:attachment_preview", args=[image.pk])}"' in page
    for att, content_type in ((pdf_att, "application/pdf"), (image, "image/png")):
        response = client.get(reverse("filings:attachment_preview", args=[att.pk]))
        assert response.status_code == 200 and response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Frame-Options"] == "SAMEORIGIN" and response["X-Content-Type-Options"] == "nosniff"
        csp = response["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in csp and "default-src 'none'" in csp and "script-src" not in csp
        assert "no-store" in response["Cache-Control"]
    assert b"".join(client.get(reverse("filings:attachment_preview", args=[pdf_att.pk])).streaming_content) \
        == PDF_BYTES
    # every other response keeps the site-wide headers
    assert page and client.get(reverse("filings:review", args=[complete_filing.pk]))["X-Frame-Options"] == "DENY"
    download = client.get(reverse("filings:attachment", args=[pdf_att.pk]))
    assert download["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in download["Content-Security-Policy"]
    assert login(cast.d2_reviewer).get(reverse("filings:attachment_preview", args=[pdf_att.pk])).status_code == 404
