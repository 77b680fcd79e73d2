"""The training journey: 莲花街道's staff run a 救护员 class — register it, put one trainee on the
roster by hand and import the rest from Excel (a bad file first, refused whole), record
attendance and scores, issue the certificates and print one; its check page is public."""

import subprocess

import pytest
from playwright.sync_api import expect

from tests.members.factories import bad_check, make_id
from tests.training.test_roster import roster
from training.models import Certificate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_run_a_class_import_the_roster_record_results_and_print(cast, page, sign_in, tmp_path):
    rows = [["李明", make_id(seq=501), "13800000501", "莲花小学"], ["王芳", make_id(seq=502), "", "莲花街道办事处"]]
    bad = tmp_path / "名册-有误.xlsx"
    bad.write_bytes(roster([rows[0], [rows[1][0], bad_check(rows[1][1]), "", ""]]))
    good = tmp_path / "名册.xlsx"
    good.write_bytes(roster(rows))

    sign_in(cast.t1_staff)
    page.click("nav >> text=培训")
    page.click("text=登记培训班")
    page.select_option("select[name=org]", str(cast.t1.pk))
    page.fill("input[name=title]", "莲花街道红十字救护员培训班")
    page.select_option("select[name=kind]", "first_aider")
    page.fill("input[name=starts_on]", "2026-03-02")
    page.fill("input[name=ends_on]", "2026-03-03")
    page.fill("input[name=hours]", "16")
    page.fill("input[name=venue]", "莲花街道便民服务中心")
    page.click("button:has-text('确定')")
    expect(page.locator("h1")).to_have_text("莲花街道红十字救护员培训班")

    page.fill("input[name=name]", "赵强")
    page.fill("input[name=id_number]", make_id(seq=500))
    page.click("button:has-text('加入名册')")
    expect(page.locator("#roster")).to_contain_text("赵强")

    page.click("text=导入学员名册")
    page.set_input_files("input[name=file]", str(bad))
    page.click("button:has-text('导入')")
    expect(page.locator("#import-errors")).to_contain_text("未导入任何学员")
    expect(page.locator("body")).to_contain_text("身份证号码：")
    page.set_input_files("input[name=file]", str(good))
    page.click("button:has-text('导入')")
    expect(page.locator("body")).to_contain_text("已导入 2 名学员")

    for name, score in (("赵强", "92"), ("李明", "85"), ("王芳", "60")):
        row = page.locator("#roster tr", has_text=name)
        row.locator("input[type=checkbox]").check()
        row.locator("input[name^=score]").fill(score)
    page.click("button:has-text('保存出勤与成绩')")
    expect(page.locator("#roster tr", has_text="王芳")).to_contain_text("不合格")
    page.click("button:has-text('为合格学员发放救护员证')")
    expect(page.locator("body")).to_contain_text("已发放 2 本救护员证")

    cert = Certificate.objects.get(trainee__name="李明")
    link = page.locator("#roster a", has_text=cert.number)
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert cert.number in text and "李明" in text

    page.context.clear_cookies()
    page.goto(f"/verify/certificate/{cert.token}/")
    expect(page.locator("#verdict")).to_contain_text("在有效期内")
    expect(page.locator("body")).to_contain_text("李*")
