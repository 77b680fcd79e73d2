"""Shared data of the statistics tests."""

from datetime import date

import pytest

from members import services as members
from tests.members.factories import make_credit, make_id
from tests.volunteers import factories as vf
from volunteers import services as volunteers

D = date.fromisoformat


@pytest.fixture
def people(cast):
    """Known history (t1, t2 in 雁江区 d1; t3 in 安岳县 d2):
    adults: A1 t1 from 2020-06-01; A2 t1 from 2021-03-01, transferred to t3 on 2022-05-01;
            A3 t2 from 2019-01-01, left 2021-12-31; A4 t3 from 2022-01-10
    youth:  Y1 t2 from 2021-09-01 (in school)
    group:  G1 t1 from 2020-01-01
    volunteers: V1 t1 registered 2020-05-01; V2 t3 2021-07-01
    teams: T1 t1 founded 2021-01-01; T2 t3 founded 2019-01-01, dissolved 2022-06-30
    hours (approved unless said): V1 3 h 2020-10-01, 2.5 h 2021-08-01, 4 h 2022-02-01 pending;
            V2 5 h 2022-03-01
    """
    c = cast
    phone = iter(f"1380000{i:04d}" for i in range(100))

    def adult(org, name, joined):
        return members.create_member(by=c.operator, org=org, kind="adult", name=name, id_number=make_id(),
                                     phone=next(phone), joined_on=D(joined))

    adult(c.t1, "A1", "2020-06-01")
    a2 = adult(c.t1, "A2", "2021-03-01")
    a3 = adult(c.t2, "A3", "2019-01-01")
    adult(c.t3, "A4", "2022-01-10")
    members.create_member(by=c.operator, org=c.t2, kind="youth", name="Y1", in_school=True,
                          id_number=make_id(born=date(2012, 3, 3)), phone=next(phone), joined_on=D("2021-09-01"))
    members.create_member(by=c.operator, org=c.t1, kind="group", name="G1 公司", credit_code=make_credit(),
                          contact_person="联系人", phone=next(phone), joined_on=D("2020-01-01"))
    transfer = members.request_transfer(a2, by=c.operator, to_org=c.t3)
    members.decide_transfer(transfer, by=c.operator, accept=True, on=D("2022-05-01"))
    members.leave(a3, by=c.operator, on=D("2021-12-31"))

    v1 = vf.volunteer(c.t1, c.operator, name="V1", registered_on=D("2020-05-01"))
    v2 = vf.volunteer(c.t3, c.operator, name="V2", registered_on=D("2021-07-01"))
    volunteers.create_team(org=c.t1, by=c.operator, name="T1", specialty="first_aid", founded_on=D("2021-01-01"))
    volunteers.create_team(org=c.t3, by=c.operator, name="T2", specialty="rescue", founded_on=D("2019-01-01"),
                           dissolved_on=D("2022-06-30"))
    for vol, on, hours, approve in [(v1, "2020-10-01", 3, True), (v1, "2021-08-01", "2.5", True),
                                    (v1, "2022-02-01", 4, False), (v2, "2022-03-01", 5, True)]:
        record = volunteers.log_hours(vol, by=c.operator, served_on=D(on), hours=hours)
        if approve:  # by another account than the one that entered them (separation of duties)
            volunteers.approve_record(record, by=c.city_admin)
    return c

