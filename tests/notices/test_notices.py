"""Notices down the tree: who receives and sees them, reading, replies, reminders, withdrawal."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from notices import services
from notices.models import Notice, NoticeAttachment, Receipt
from notifications.models import Notification
from tests.notices.conftest import pdf

pytestmark = pytest.mark.django_db


def test_towns_only_notice_is_404_to_other_district_and_to_departments(cast, dept, notice, login):
    assert set(notice.receipts.values_list("org__name", flat=True)) == {"莲花街道红十字会", "宝台镇红十字会"}
    url = reverse("notices:detail", args=[notice.pk])
    for outsider in (cast.d2_reviewer, cast.t3_staff, cast.dept_staff):
        assert login(outsider).get(url).status_code == 404, outsider
        assert notice.title not in login(outsider).get(reverse("notices:list")).content.decode()
    attachment = notice.attachments.get()
    assert login(cast.dept_staff).get(reverse("notices:attachment", args=[attachment.pk])).status_code == 404
    assert login(cast.t1_staff).get(reverse("notices:attachment", args=[attachment.pk])).status_code == 200
    assert login(cast.t1_staff).get(reverse("notices:receipts", args=[notice.pk])).status_code == 404
    assert login(cast.city_admin).get(reverse("notices:receipts", args=[notice.pk])).status_code == 200


def test_recipients_are_told_and_see_the_badge_until_they_read(cast, notice, login):
    assert Notification.objects.filter(user=cast.t1_staff, reason="notice.published").exists()
    assert not Notification.objects.filter(user__org=cast.d2).exists()
    client = login(cast.t1_staff)
    home = client.get(reverse("home")).content.decode()
    assert re.search(r'data-testid="notice-badge"[^>]*>1<', home)
    page = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "请各镇（街道）于月底前报送" in page and "通知.pdf" in page
    receipt = Receipt.objects.get(notice=notice, org=cast.t1)
    assert receipt.read_at and receipt.read_by == cast.t1_staff
    assert 'data-testid="notice-badge"' not in client.get(reverse("home")).content.decode()
    # read for the org, not for one person: t2 is still unread
    assert Receipt.objects.get(notice=notice, org=cast.t2).read_at is None


def test_reply_with_a_file_reaches_the_receipt_table_and_the_publisher(cast, notice, login,
                                                                        django_capture_on_commit_callbacks):
    client = login(cast.t1_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notices:reply", args=[notice.pk]),
                               {"text": "已按要求报送。", "file": pdf("回执.pdf")})
    assert response.status_code == 302
    receipt = Receipt.objects.get(notice=notice, org=cast.t1)
    assert receipt.replied_by == cast.t1_staff and receipt.reply_file_name == "回执.pdf"
    assert Notification.objects.filter(user=cast.d1_reviewer, reason="notice.replied").exists()
    table = login(cast.d1_admin).get(reverse("notices:receipts", args=[notice.pk])).content.decode()
    assert "已按要求报送" in table and "已回执 1，未回执 1" in table
    assert login(cast.d1_admin).get(reverse("notices:reply_file", args=[receipt.pk])).status_code == 200
    assert login(cast.t2_staff).get(reverse("notices:reply_file", args=[receipt.pk])).status_code == 404


def test_remind_reaches_only_the_unreplied_once_a_day(cast, notice, login, django_capture_on_commit_callbacks):
    services.reply(notice, by=cast.t1_staff, text="收到")
    client = login(cast.d1_reviewer)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("notices:remind", args=[notice.pk]), {"state": "unreplied"})
    reminded = Notification.objects.filter(reason="notice.reminder")
    assert list(reminded.values_list("user__username", flat=True)) == ["t2_staff"]


def test_export_lists_every_recipient_with_its_state(cast, notice, login):
    services.reply(notice, by=cast.t1_staff, text="=HYPERLINK(\"x\")")
    response = login(cast.d1_reviewer).get(reverse("notices:export", args=[notice.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    flat = [v for row in values for v in row if v]
    assert "莲花街道红十字会" in flat and "宝台镇红十字会" in flat and "已回执" in flat and "未读" in flat
    assert not any(str(v).startswith("=") for v in flat)  # formulas neutralised


def test_withdrawn_notice_stays_in_history_and_refuses_replies(cast, notice, login):
    client = login(cast.d1_reviewer)
    client.post(reverse("notices:withdraw", args=[notice.pk]), {"reason": "内容有误，另行通知"})
    notice.refresh_from_db()
    assert notice.withdrawn_at and notice.withdraw_reason == "内容有误，另行通知"
    page = login(cast.t1_staff).get(reverse("notices:list")).content.decode()
    assert notice.title in page and "已撤回" in page
    assert 'data-testid="notice-badge"' not in page
    response = login(cast.t1_staff).post(reverse("notices:reply", args=[notice.pk]), {"text": "收到"})
    assert "已撤回" in response.content.decode()
    assert not Receipt.objects.filter(replied_at__isnull=False).exists()


def test_search_finds_by_title(cast, notice, login):
    client = login(cast.t1_staff)
    assert notice.title in client.get(reverse("notices:list"), {"q": "基层组织建设"}).content.decode()
    assert notice.title not in client.get(reverse("notices:list"), {"q": "防汛"}).content.decode()


# bad input: a clear Chinese message next to the field, nothing saved

def _publish(client, **extra):
    data = {"kind": "notice", "title": "关于开展培训的通知", "levels": ["town"], **extra}
    return client.post(reverse("notices:create"), data)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("x.pdf", b"<html><script>alert(1)</script></html>", "只能上传"),
    ("x.html", b"%PDF-1.4 polyglot", "扩展名与内容不符"),
    ("x.docx", b"PK\x03\x04not really a zip", "无法识别"),
    ("x.pdf", b"", "空文件"),
])
def test_hostile_attachment_is_refused_and_nothing_saved(cast, login, name, content, message):
    response = _publish(login(cast.d1_reviewer), files=[SimpleUploadedFile(name, content)])
    assert response.status_code == 200 and message in response.content.decode()
    assert not Notice.objects.exists() and not Receipt.objects.exists() and not NoticeAttachment.objects.exists()


def test_zip_bomb_docx_is_refused(cast, login):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "0" * 50_000_000)
    response = _publish(login(cast.d1_reviewer), files=[SimpleUploadedFile("x.docx", buf.getvalue())])
    assert "压缩炸弹" in response.content.decode() and not Notice.objects.exists()


def test_a_real_docx_is_accepted(cast, login):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    response = _publish(login(cast.d1_reviewer), files=[SimpleUploadedFile("方案.docx", buf.getvalue())])
    assert response.status_code == 302
    assert NoticeAttachment.objects.get().content_type.endswith("wordprocessingml.document")


def test_empty_title_and_no_recipient_are_refused(cast, login):
    page = _publish(login(cast.d1_reviewer), title="  ").content.decode()
    assert "请填写标题" in page
    page = _publish(login(cast.d1_reviewer), levels=[]).content.decode()
    assert "请至少选择一个接收单位" in page
    page = _publish(login(cast.d1_reviewer), org_names="岳阳镇红十字会").content.decode()
    assert "本辖区内没有这些单位：岳阳镇红十字会" in page  # another district's town cannot be chosen
    assert not Notice.objects.exists()


def test_towns_cannot_publish(cast, login):
    assert login(cast.t1_staff).get(reverse("notices:create")).status_code == 403


def test_late_reply_refused_when_late_replies_are_off(cast, login, notice):
    Notice.objects.filter(pk=notice.pk).update(reply_deadline=date.today() - timedelta(days=1))
    response = login(cast.t1_staff).post(reverse("notices:reply", args=[notice.pk]),
                                         {"text": "迟到的回执", "file": pdf("回执.pdf")})
    assert "回执已于" in response.content.decode() and "截止" in response.content.decode()
    receipt = Receipt.objects.get(notice=notice, org=cast.t1)
    assert receipt.replied_at is None and not receipt.reply_file
    Notice.objects.filter(pk=notice.pk).update(late_replies=True)
    assert login(cast.t1_staff).post(reverse("notices:reply", args=[notice.pk]),
                                     {"text": "迟到的回执"}).status_code == 302


def test_chosen_orgs_by_name_and_category(cast, login):
    response = _publish(login(cast.d1_reviewer), levels=[], org_names="莲花社区红十字会")
    assert response.status_code == 302
    assert list(Receipt.objects.values_list("org__name", flat=True)) == ["莲花社区红十字会"]
