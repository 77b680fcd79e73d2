"""The demo's relief work (seed 004), through ``relief``'s services: the district's warehouse and
two towns' stores; goods bought, donated and allocated; waybills in every state (requested,
approved, in transit, received short, refused); 博爱送万家 distributions to households; a
stocktake for damaged goods; an item below its minimum and water about to expire; donations of
money and goods (one anonymous, one voided with its reason, restricted ones traced to their use),
and the last full month released to /disclosure/ while the current one waits for its reviewer;
博爱家园 projects in every status with funding and spending, and distributions to households."""

from datetime import date, timedelta

from demo.people import People
from demo.region import Region
from relief import donations, projects, stock, transfers
from relief.models import Warehouse

#: catalogue: name → (unit, perishable)
ITEMS = {"棉被": ("床", False), "大米": ("千克", True), "饮用水": ("箱", True), "帐篷": ("顶", False),
         "家庭应急包": ("个", False), "食用油": ("桶", True)}


def _first_of_month(day: date, back: int = 0) -> date:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def make_relief(region: Region) -> None:
    district = region.org("雁江区红十字会")
    if Warehouse.objects.filter(org=district).exists():
        return
    people = People(2204)  # its own draws: the other stages' fictional people stay as they were
    admin, reviewer = region.account("yj_admin"), region.account("yj_reviewer")
    lianhua_staff = region.account("lianhua_staff")
    lianhua, sanxianci = region.org("莲花街道红十字会"), region.org("三贤祠街道红十字会")
    items = {}
    for name, (unit, perishable) in ITEMS.items():
        items[name] = stock.item_named(name, unit)
        if perishable and not items[name].perishable:
            items[name].perishable = True
            items[name].save(update_fields=["perishable"])
    depot = stock.create_warehouse(by=admin, org=district, name="雁江区红十字会救灾物资储备库",
                                   address="雁江区娇子大道 88 号")
    town = stock.create_warehouse(by=lianhua_staff, org=lianhua, name="莲花街道红十字会物资室",
                                  address="莲花街道便民服务中心一楼")
    other = stock.create_warehouse(by=admin, org=sanxianci, name="三贤祠街道红十字会物资室")
    today = region.today
    last_month, this_month = _first_of_month(today, 1), _first_of_month(today)
    early = _first_of_month(today, 3)
    keep = today + timedelta(days=400)
    stock.stock_in(depot, items["棉被"], 300, by=admin, on=early, counterpart="政府采购（区财政）")
    stock.stock_in(depot, items["帐篷"], 40, by=admin, on=early, kind="allocation_in", counterpart="资阳市红十字会")
    stock.stock_in(depot, items["家庭应急包"], 120, by=admin, on=early, counterpart="政府采购（区财政）")
    stock.stock_in(depot, items["饮用水"], 60, by=admin, on=early, expires_on=today + timedelta(days=12),
                   counterpart="政府采购（区财政）")
    stock.set_minimum(depot, items["帐篷"], 50, by=admin)  # below its minimum from the start
    stock.set_minimum(depot, items["棉被"], 100, by=admin)

    # donations of the last full month (released) and of this month (waiting for release)
    rice = donations.receive_donation(
        by=admin, org=district, received_on=last_month + timedelta(days=2), donor_kind="organisation",
        donor_name=people.enterprise(), kind="goods", amount=18000, restricted=True,
        purpose="莲花街道困难群众冬季救助", warehouse=depot,
        goods=[(items["大米"], 2000, keep), (items["食用油"], 200, keep)])
    money = donations.receive_donation(
        by=admin, org=district, received_on=last_month + timedelta(days=5), donor_kind="organisation",
        donor_name=people.enterprise(), kind="money", amount=50000, restricted=True,
        purpose="博爱家园项目建设")
    donations.receive_donation(by=admin, org=district, received_on=last_month + timedelta(days=8),
                               donor_kind="person", donor_name=people.name(True), anonymous=True,
                               kind="money", amount=2000)
    wrong = donations.receive_donation(by=admin, org=district, received_on=last_month + timedelta(days=8),
                                       donor_kind="person", donor_name=people.name(False), kind="money",
                                       amount=20000)
    donations.void(wrong, by=admin, reason="金额登记错误（应为2000元），已重新开具")
    donations.receive_donation(by=admin, org=district, received_on=last_month + timedelta(days=9),
                               donor_kind="person", donor_name=people.name(False), kind="money", amount=2000)
    donations.record_use(money, by=admin, used_on=last_month + timedelta(days=20), kind="project",
                         destination="莲花社区博爱家园应急救护站建设", amount=30000)

    # the rice goes to 莲花街道 on a waybill that arrives a little short, and on to households
    sent = transfers.allocate(depot, town, [(items["大米"], 1500), (items["食用油"], 150)], by=admin,
                              purpose="冬季救助")
    sent = transfers.ship(sent, by=admin, on=last_month + timedelta(days=10))
    rice_line, oil_line = sent.lines.order_by("pk")
    transfers.receive(sent, by=lianhua_staff, on=last_month + timedelta(days=11), note="大米短少10千克，食用油破损2桶",
                      received={rice_line.pk: 1490, oil_line.pk: 150}, damaged={oil_line.pk: 2})
    donations.record_use(rice, by=admin, used_on=last_month + timedelta(days=10), kind="allocation",
                         destination="调拨莲花街道红十字会", item=items["大米"], quantity=1500, transfer=sent)
    donations.record_use(rice, by=admin, used_on=last_month + timedelta(days=10), kind="allocation",
                         destination="调拨莲花街道红十字会", item=items["食用油"], quantity=150, transfer=sent)
    stock.distribute(town, items["大米"], 1200, by=lianhua_staff, households=120,
                     on=last_month + timedelta(days=15), counterpart="博爱送万家·莲花街道各社区")
    stock.distribute(town, items["食用油"], 120, by=lianhua_staff, households=120,
                     on=last_month + timedelta(days=15), counterpart="博爱送万家·莲花街道各社区")
    stock.distribute(depot, items["棉被"], 80, by=admin, households=80, on=last_month + timedelta(days=18),
                     counterpart="博爱送万家·宝台镇")
    stock.adjust(depot, items["棉被"], 215, by=admin, reason="damaged", on=last_month + timedelta(days=25),
                 note="库房漏雨，5床受潮报损")
    donations.release_month(district, last_month.year, last_month.month, by=reviewer)

    # this month: a waybill in transit, a request waiting, one approved, one refused
    on = max(this_month, today - timedelta(days=1))
    transfers.ship(transfers.allocate(depot, other, [(items["家庭应急包"], 30)], by=admin, purpose="防汛备勤"),
                   by=admin, on=on)
    transfers.request(depot, town, [(items["棉被"], 40)], by=lianhua_staff, purpose="低保户冬季御寒")
    transfers.allocate(depot, town, [(items["帐篷"], 5)], by=admin, purpose="应急演练")
    transfers.reject(transfers.request(depot, town, [(items["饮用水"], 100)], by=lianhua_staff, purpose="社区储备"),
                     by=admin, note="库存不足，下月统筹")
    donations.receive_donation(by=admin, org=district, received_on=on, donor_kind="person",
                               donor_name=people.name(True), kind="money", amount=500,
                               purpose="博爱送万家", restricted=True)
    make_projects(region, admin, lianhua_staff)


def make_projects(region: Region, admin, lianhua_staff) -> None:
    """博爱家园 in every status, with funding, spending and distributions to households."""
    today = region.today
    lianhua, sanxianci = region.org("莲花街道红十字会"), region.org("三贤祠街道红十字会")
    district = region.org("雁江区红十字会")
    plans = [
        (lianhua, "莲花社区博爱家园", "莲花社区", 420, 80000, ["implementing", "acceptance", "completed"]),
        (lianhua, "莲花街道博爱家园应急救护站", "狮子山社区", 300, 60000, ["implementing"]),
        (sanxianci, "三贤祠街道博爱家园", "三贤祠社区", 260, 50000, ["implementing", "acceptance"]),
        (district, "临江村博爱家园（申报中）", "宝台镇临江村", 180, 40000, []),
    ]
    made = []
    for org, name, community, people, budget, moves in plans:
        by = lianhua_staff if org == lianhua else admin
        project = projects.create_project(by=by, org=org, name=name, kind="boai_home", community=community,
                                          starts_on=today - timedelta(days=200), budget=budget, beneficiaries=people)
        projects.add_funding(project, by=by, source="雁江区红十字会", amount=budget // 2)
        projects.add_funding(project, by=by, source="社会捐赠", amount=budget // 4)
        if moves:
            projects.add_expense(project, by=by, spent_on=today - timedelta(days=120), amount=budget // 3,
                                 note="应急救护设备和宣传展板")
        for status in moves:
            project = projects.move_project(project, status, by=by)
        made.append(project)
    projects.record_distribution(by=lianhua_staff, org=lianhua, occasion="博爱送万家",
                                 held_on=today - timedelta(days=40), households=120,
                                 per_household="大米10千克、食用油1桶", handed_out_by="莲花街道红十字会",
                                 project=made[0])
    projects.record_distribution(by=admin, org=district, occasion="困难群众慰问", held_on=today - timedelta(days=20),
                                 households=25, per_household="慰问金500元", money=12500,
                                 handed_out_by="雁江区红十字会")
