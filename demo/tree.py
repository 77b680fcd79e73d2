"""The demo region's tree and accounts (fixtures/demo_region.json): the 雁江区 tree of seed 000 with
its governance facts, leaders named by the generator, and one demo account for each role."""

import json
from datetime import date
from pathlib import Path

from django.contrib.auth.hashers import make_password

from demo.people import People
from orgs.models import GovernanceEvent, LeadershipRole, LeadershipTerm, Level, Organization, User

NODE_FIELDS = ("name", "level", "category", "form", "host_unit", "address", "headcount", "resident_population",
               "villages_total", "founded_on")
#: seed 000 三、机构设置: who leads a town's or a department's Red Cross, alongside which post
GRASSROOTS_LEADERS = {
    Level.TOWN: [(LeadershipRole.PRESIDENT, "分管文卫工作的班子成员"),
                 (LeadershipRole.VICE_PRESIDENT_SECRETARY, "社事办主任")],
    Level.DEPARTMENT: [(LeadershipRole.PRESIDENT, "分管群团工作的班子成员"),
                       (LeadershipRole.VICE_PRESIDENT_SECRETARY, "工会主席")],
}
LEADERS_SINCE = date(2022, 10, 20)


def load_tree(data: dict, people: People) -> Organization:
    root = Organization.objects.add_root(_fields(data["tree"], people))
    _add_details(root, data["tree"], people)
    _add_children(root, data["tree"].get("children", []), people)
    return root


def _add_children(parent, children, people: People):
    for spec in children:
        node = Organization.objects.add_child(parent, _fields(spec, people))
        _add_details(node, spec, people)
        _add_children(node, spec.get("children", []), people)


def _fields(spec: dict, people: People) -> dict:
    fields = {k: spec[k] for k in NODE_FIELDS if k in spec}
    if spec.get("host_unit"):  # the host unit's head (单位负责人), a generated name
        fields["unit_head"] = people.person(date(1965, 1, 1), date(1985, 12, 31))[0]
    return fields


def _add_details(org, spec: dict, people: People) -> None:
    for kind, on in spec.get("governance", []):
        GovernanceEvent.objects.create(org=org, kind=kind, occurred_on=date.fromisoformat(on))
    terms = [(role, "", date.fromisoformat(since)) for role, since in spec.get("terms", [])]
    terms += [(role, post, LEADERS_SINCE) for role, post in GRASSROOTS_LEADERS.get(org.level, [])]
    for role, post, since in terms:
        LeadershipTerm.objects.create(org=org, role=role, person_name=people.person(date(1965, 1, 1),
                                                                                   date(1985, 12, 31))[0],
                                      post=post, starts_on=since)


def load_accounts(data: dict, people: People) -> dict[str, User]:
    """The demo accounts, each with a generated name; one that exists already is left as it is."""
    accounts = {}
    encoded = make_password(data["password"])  # one slow hash for the one published demo password
    for spec in data["accounts"]:
        user = User.objects.filter(username=spec["username"]).first()
        if user is None:
            user = User(username=spec["username"], full_name=people.person(date(1975, 1, 1), date(1998, 1, 1))[0],
                        role=spec["role"], org=Organization.objects.get(name=spec["org"]),
                        must_change_password=True)  # the demo password is public: replace at first sign-in
            user.password = encoded
            user.save()
        accounts[spec["username"]] = user
    return accounts


def read(file: Path) -> dict:
    return json.loads(Path(file).read_text(encoding="utf-8"))
