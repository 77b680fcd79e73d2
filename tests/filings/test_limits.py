"""Every free text of a filing, its reviews and comments has a length limit that the printed form
decides (seed 000, 附件1: one A4 page, and one 附页 for 概况 and 党组织意见), so that no request can
store a text the PDF cannot hold, nor make the PDF slow to render."""

import subprocess
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from filings import limits, pdf, workflow
from filings.models import FORM_FIELDS, Filing, Review, Status
from tests.filings.test_views import form_data

pytestmark = pytest.mark.django_db

TEXT_FIELDS = [name for name in FORM_FIELDS
               if Filing._meta.get_field(name).get_internal_type() in ("CharField", "TextField")
               and name != "category"]


def test_every_free_text_field_of_the_form_has_a_limit():
    assert set(TEXT_FIELDS) <= set(limits.FIELD_LIMITS)
    assert {"comment", "field_comment", "approval_comment"} <= set(limits.REVIEW_LIMITS)


def too_long(name: str) -> str:
    return "0832-1234567-" + "1" * 8 if name.endswith("phone") else "国" * (limits.FIELD_LIMITS[name] + 1)


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_one_character_too_many_is_refused_next_to_the_field_and_nothing_saved(cast, login, name):
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    response = login(cast.t1_staff).post(reverse("filings:edit", args=[filing.pk]),
                                         form_data(**{name: too_long(name)}))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(name, []))
    assert str(limits.FIELD_LIMITS[name]) in errors or "固定电话" in errors, errors
    assert Filing.objects.get(pk=filing.pk).leader_name == ""  # nothing of the post was saved
    with pytest.raises(ValidationError):  # nor through the service, whoever calls it
        workflow.save_filing(filing, by=cast.t1_staff, **{name: too_long(name)})


def test_four_hundred_thousand_characters_are_refused(cast, login):
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    response = login(cast.t1_staff).post(reverse("filings:edit", args=[filing.pk]),
                                         form_data(host_profile="概" * 400_000))
    assert "host_profile" in response.context["form"].errors
    assert Filing.objects.get(pk=filing.pk).host_profile == ""


def test_too_many_paragraphs_are_refused(cast):
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    with pytest.raises(ValidationError) as exc:
        workflow.save_filing(filing, by=cast.t1_staff, party_opinion="同意。\n" * 6)
    assert "5 段" in str(exc.value)


def test_line_breaks_from_the_browser_count_once(cast, login):
    """Browsers send a textarea's line breaks as CR LF; the counter and the limit count one."""
    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    text = "\r\n".join(["国" * 99] * 10)[:limits.FIELD_LIMITS["host_profile"]]
    response = login(cast.t1_staff).post(reverse("filings:edit", args=[filing.pk]), form_data(host_profile=text))
    assert response.status_code == 302
    assert Filing.objects.get(pk=filing.pk).host_profile == text.replace("\r\n", "\n")


def test_review_comments_have_limits_and_come_back_as_typed(submitted_filing, cast, login):
    client = login(cast.d1_reviewer)
    long_comment = "意" * (limits.REVIEW_LIMITS["comment"] + 1)
    response = client.post(reverse("filings:return", args=[submitted_filing.pk]),
                           {"comment": long_comment, "fc_address": "请写到门牌号"})
    page = response.content.decode()
    assert response.status_code == 200 and "未提交" in page and long_comment in page and "请写到门牌号" in page
    response = client.post(reverse("filings:return", args=[submitted_filing.pk]),
                           {"comment": "请修改", "fc_address": "址" * (limits.REVIEW_LIMITS["field_comment"] + 1)})
    assert response.status_code == 200 and "fc_address" in response.context["form"].errors
    approval = "同" * (limits.REVIEW_LIMITS["approval_comment"] + 1)
    response = client.post(reverse("filings:approve", args=[submitted_filing.pk]), {"comment": approval})
    assert response.status_code == 200 and "备案情况" in " ".join(response.context["form"].errors["comment"])
    assert Filing.objects.get(pk=submitted_filing.pk).status == Status.SUBMITTED
    assert not Review.objects.exists()
    for call in (lambda: workflow.return_filing(submitted_filing, by=cast.d1_reviewer, comment=long_comment),
                 lambda: workflow.return_filing(submitted_filing, by=cast.d1_reviewer, comment="改",
                                                field_comments={"address": "址" * 101}),
                 lambda: workflow.approve_filing(submitted_filing, by=cast.d1_reviewer, comment=approval)):
        with pytest.raises(ValidationError):
            call()
    assert Filing.objects.get(pk=submitted_filing.pk).status == Status.SUBMITTED


def largest_allowed_values() -> dict:
    """Every text at its limit in the widest characters, the long texts in the paragraph shapes
    that take the most lines (paragraphs just over one line of the 附页)."""
    values = {name: "国" * limits.FIELD_LIMITS[name] for name in TEXT_FIELDS}
    values.update({name: "0832-12345678-123456" for name in TEXT_FIELDS if name.endswith("phone")})
    for name in ("host_profile", "party_opinion"):
        paragraphs, size = limits.PARAGRAPH_LIMITS[name], limits.FIELD_LIMITS[name]
        head = ["国" * 49] * (paragraphs - 1)
        values[name] = "\n".join([*head, "国" * (size - 50 * (paragraphs - 1))])
        assert len(values[name]) == size and values[name].count("\n") == paragraphs - 1
    return values


def test_the_largest_allowed_filing_fits_one_page_and_one_annex_quickly(complete_filing, cast, seals, tmp_path,
                                                                         django_capture_on_commit_callbacks):
    filing = workflow.save_filing(complete_filing, by=cast.t1_staff, **largest_allowed_values())
    filing = workflow.submit_filing(filing, by=cast.t1_staff)
    comment = "同" * limits.REVIEW_LIMITS["approval_comment"]
    with django_capture_on_commit_callbacks(execute=False):
        filing = workflow.approve_filing(filing, by=cast.d1_reviewer, comment=comment)
    started = time.monotonic()
    data = pdf.render_filing(Filing.objects.get(pk=filing.pk))
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"{elapsed:.1f} s"  # a safety bound against the worker timeout, not a benchmark
    path = tmp_path / "largest.pdf"
    path.write_bytes(data)
    pages = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = [page.replace("\n", "") for page in pages.split("\f") if page.strip()]
    assert len(pages) == 2
    assert "备案情况" in pages[0] and "备注：此表一式两份" in pages[0] and comment in pages[0]
    assert "附页：基层组织所在单位概况" in pages[1] and "附页：基层组织所在单位党组织意见" in pages[1]
