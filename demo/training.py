"""The demo's training register, through ``training.services``: a finished 救护员 class with its
results (passed, failed on the mark, absent), a finished 普及培训 class, a 复训 class under way with
its roster but no results yet, and a cadre class (which certifies no one); 救护员证 for the passed,
valid, about to lapse and lapsed."""

from datetime import timedelta

from demo.people import People
from demo.region import Region
from training import certificates, services
from training.models import CERTIFYING, TrainingClass

#: (org, title, kind, days before today it started, days long, hours, venue, trainers, trainees)
CLASSES = [
    ("莲花街道红十字会", "莲花街道红十字救护员培训班（第一期）", "first_aider", 60, 2, 16, "莲花街道便民服务中心三楼",
     "区红十字会师资组", 24),
    ("莲花街道红十字会", "莲花社区应急救护普及培训", "awareness", 30, 1, 4, "莲花社区活动室", "区红十字会师资组", 40),
    ("雁江区红十字会", "雁江区救护员复训班", "refresher", 1, 2, 8, "雁江区红十字会培训室", "区红十字会师资组", 12),
    ("雁江区红十字会", "雁江区基层红十字会干部业务培训班", "cadre", 90, 1, 6, "雁江区红十字会会议室", "", 15),
    # older 救护员 classes: their certificates have lapsed, or lapse within the reminders' 60 days
    ("雁江区红十字会", "雁江区红十字救护员培训班（早期）", "first_aider", 3 * 365 + 40, 2, 16, "雁江区红十字会培训室",
     "区红十字会师资组", 6),
    ("三贤祠街道红十字会", "三贤祠街道红十字救护员培训班", "first_aider", 3 * 365 - 30, 2, 16, "三贤祠街道文化站",
     "区红十字会师资组", 8),
]
UNITS = ("莲花街道办事处", "莲花小学", "雁江区第一中学", "雁江区人民医院", "资阳市公交公司", "莲花社区居委会")


def make_training(region: Region) -> None:
    district = region.org("雁江区红十字会")
    if TrainingClass.objects.filter(org__path__startswith=district.path).exists():
        return
    people = People(2321)  # its own draws: the other stages' fictional people stay as they were
    today = region.today
    for org_name, title, kind, ago, days, hours, venue, trainers, size in CLASSES:
        org = region.org(org_name)
        by = region.account("lianhua_staff") if org_name.startswith("莲花") else region.account("yj_admin")
        starts = today - timedelta(days=ago)
        klass = services.create_class(by=by, org=org, title=title, kind=kind, starts_on=starts,
                                      ends_on=starts + timedelta(days=days - 1), hours=hours, venue=venue,
                                      trainers=trainers, pass_mark=80 if kind != "awareness" else 60)
        seats = []
        for i in range(size):
            name, number = people.person(today.replace(year=today.year - 55), today.replace(year=today.year - 19))
            seats.append(services.add_trainee(klass, by=by, name=name, id_number=number, phone=people.phone(),
                                              work_unit=UNITS[i % len(UNITS)]))
        if ago <= days:
            continue  # still running: the roster is in, the results are not
        results = {}
        for i, seat in enumerate(seats):
            absent = i % 11 == 5
            results[seat.pk] = (not absent, None if absent else 70 + (i * 7) % 31)
        services.record_results(klass, by=by, results=results)
        if kind in CERTIFYING:
            certificates.issue_for_class(klass, by=by)
