"""救护员证: numbered per body per year, valid three years, printed with every field, an embedded
CJK font and a QR code that opens the public check page (masked name, 有效/已过期)."""

import subprocess
from datetime import date
from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from filings import uploads
from tests.members.factories import make_id
from tests.security.hostile import png
from tests.training.test_roster import make_class
from training import certificates, services
from training.models import Certificate

pytestmark = pytest.mark.django_db


def passed_class(c, n=3, **extra):
    klass = make_class(c, **extra)
    seats = [services.add_trainee(klass, by=c.t1_staff, name=name, id_number=make_id(seq=300 + i), phone="13800005555")
             for i, name in enumerate(["张三丰", "李四", "王五"][:n])]
    services.record_results(klass, by=c.t1_staff, results={s.pk: (True, 90) for s in seats})
    return klass


def test_numbers_run_per_body_per_year_and_certificates_last_three_years(cast):
    first = certificates.issue_for_class(passed_class(cast), by=cast.t1_staff)
    assert [c.number for c in first] == [f"JH{cast.d1.pk:04d}-2026-0000{i}" for i in (1, 2, 3)]
    assert first[0].issued_on == date(2026, 3, 3) and first[0].expires_on == date(2029, 3, 2)
    refresher = make_class(cast, title="复训班", kind="refresher", starts_on=date(2027, 1, 5), ends_on=date(2027, 1, 5))
    seat = services.add_trainee(refresher, by=cast.t1_staff, name="张三丰", id_number=make_id(seq=300))
    services.record_results(refresher, by=cast.t1_staff, results={seat.pk: (True, 88)})
    renewed = certificates.issue_for_class(refresher, by=cast.t1_staff)
    assert renewed[0].number.endswith("-2027-00001") and renewed[0].trainee == first[0].trainee
    assert renewed[0].expires_on == date(2030, 1, 4)
    with pytest.raises(ValidationError):  # nothing left to issue
        certificates.issue_for_class(refresher, by=cast.t1_staff)


def test_cadre_classes_certify_no_one(cast):
    klass = passed_class(cast, kind="cadre")
    with pytest.raises(ValidationError):
        certificates.issue_for_class(klass, by=cast.t1_staff)
    assert not Certificate.objects.exists()


def test_the_pdf_prints_every_field_with_an_embedded_cjk_font_and_a_qr_to_the_check(cast, login, tmp_path,
                                                                                   monkeypatch):
    uploads.set_seal(cast.d1, upload=SimpleUploadedFile("seal.png", png()), by=cast.d1_admin)
    klass = passed_class(cast, n=1)
    client = login(cast.t1_staff)
    assert client.post(reverse("training:issue", args=[klass.pk])).status_code == 302
    cert = Certificate.objects.get()
    encoded = []
    original = certificates.qr_data_uri
    monkeypatch.setattr(certificates, "qr_data_uri", lambda text: encoded.append(text) or original(text))
    response = client.get(reverse("training:certificate_pdf", args=[cert.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "c.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for printed in (cert.number, "张三丰", "男" if cert.trainee.gender == "M" else "女", cert.trainee.masked_id,
                    klass.title, "16 学时", "90 分", "2026年3月3日", "2029年3月2日", cast.d1.name, "扫码核验"):
        assert printed in text, printed
    assert make_id(seq=300) not in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) - 2 >= 2  # the QR code and the issuing body's seal

    page = Client().get(urlparse(encoded[0]).path)
    body = page.content.decode()
    assert page.status_code == 200 and "该证书真实，在有效期内" in body and "张**" in body and "张三丰" not in body
    assert make_id(seq=300)[-4:] not in body


def test_a_certificate_past_its_date_shows_expired(cast):
    cert = certificates.issue_for_class(passed_class(cast, n=1), by=cast.t1_staff)[0]
    cert.expires_on = date(2020, 1, 1)
    cert.save()
    body = Client().get(reverse("verify:certificate", args=[cert.token])).content.decode()
    assert "已过期" in body and "在有效期内" not in body
    assert Client().get(reverse("verify:certificate", args=["guess"])).status_code == 404


def test_the_command_writes_the_pdf(cast, tmp_path):
    cert = certificates.issue_for_class(passed_class(cast, n=1), by=cast.t1_staff)[0]
    out = tmp_path / "cert.pdf"
    call_command("certificate_pdf", "--certificate", str(cert.pk), "-o", str(out), stdout=open(tmp_path / "log", "w"))
    assert out.read_bytes().startswith(b"%PDF") and cert.number in subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout


def test_lists_filter_by_state_and_export(cast, login):
    made = certificates.issue_for_class(passed_class(cast), by=cast.t1_staff)
    Certificate.objects.filter(pk=made[0].pk).update(expires_on=date(2020, 1, 1))
    client = login(cast.d1_admin)
    expired = client.get(reverse("training:certificates"), {"state": "expired"}).content.decode()
    assert made[0].number in expired and made[1].number not in expired
    valid = client.get(reverse("training:certificates"), {"state": "valid"}).content.decode()
    assert made[1].number in valid and made[0].number not in valid
    export = client.post(reverse("training:certificate_export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(cast.t2_staff).get(reverse("training:certificate_pdf", args=[made[1].pk])).status_code == 404
