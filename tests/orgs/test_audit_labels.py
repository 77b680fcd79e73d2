"""The audit log speaks Chinese: every action code the code base records has a label in
``lib.audit.ACTION_LABELS``, and the log page shows and filters by those labels."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse

from lib import audit
from members import privacy as member_privacy
from orgs import services
from orgs.models import AuditEvent
from tests.members.factories import make_id
from tests.ui_text import visible_text
from tests.volunteers import factories as vf
from volunteers import privacy as volunteer_privacy

ROOT = Path(__file__).resolve().parents[2]
SKIP = {"tests", "bench", "node_modules", "migrations", "staticfiles", "var"}


#: the functions of ``lib.audit`` that take the action code as their first argument
RECORDERS = {"record", "disclose", "record_export"}


def _constants(tree) -> dict:
    """Module-level names bound to a string or to a dict of strings (``ACTIONS = {...}``)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found[node.targets[0].id] = [value.value]
            elif isinstance(value, ast.Dict) and all(isinstance(v, ast.Constant) for v in value.values):
                found[node.targets[0].id] = [v.value for v in value.values]
    return found


def _record_calls():
    """(file:line, the codes it can record or None, the argument) of every call of an audit recorder
    in the portal. A recorder in ``lib/audit.py`` handing on its own ``action`` parameter is not a
    call site: its callers are."""
    for path in sorted(ROOT.rglob("*.py")):
        if SKIP & set(path.relative_to(ROOT).parts) or path.relative_to(ROOT).parts[0].startswith("."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        in_audit = path.relative_to(ROOT).as_posix() == "lib/audit.py"
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            is_record = (isinstance(func, ast.Name) and func.id in RECORDERS and in_audit) or (
                isinstance(func, ast.Attribute) and func.attr in RECORDERS
                and isinstance(func.value, ast.Name) and func.value.id == "audit")
            if not is_record:
                continue
            arg = node.args[0]
            if in_audit and isinstance(arg, ast.Name) and arg.id == "action":
                continue
            yield f"{path.relative_to(ROOT)}:{node.lineno}", _codes(arg, constants), arg


def _codes(arg, constants) -> list[re.Pattern] | None:
    """A literal code as itself; an f-string as a pattern of the codes it can make; a module
    constant or a lookup in a module-level dict as the codes it holds."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [re.compile(re.escape(arg.value))]
    if isinstance(arg, ast.JoinedStr):
        return [re.compile("".join(re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z_]+"
                                   for part in arg.values))]
    name = arg.value if isinstance(arg, ast.Subscript) else arg
    if isinstance(name, ast.Name) and name.id in constants:
        return [re.compile(re.escape(code)) for code in constants[name.id]]
    return None


def test_every_code_recorded_in_the_source_has_a_chinese_label():
    calls = list(_record_calls())
    assert len(calls) > 20  # the scan finds the portal's calls
    unlabelled = []
    for where, patterns, _arg in calls:
        if patterns is None:
            unlabelled.append(f"{where}: the code is not written out, so it cannot be checked")
            continue
        for pattern in patterns:
            if not any(pattern.fullmatch(code) for code in audit.ACTION_LABELS):
                unlabelled.append(f"{where}: {pattern.pattern} has no label in lib.audit.ACTION_LABELS")
    assert unlabelled == []


@pytest.mark.django_db
def test_codes_made_at_run_time_have_labels(cast, login):
    """The codes put together while running (an org change's kind, a person's model name)."""
    from members import services as members

    member = members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="甲会员", id_number=make_id(),
                                    phone="13800000000")
    volunteer = vf.volunteer(cast.t1, cast.t1_staff, name="乙志愿者")
    member_privacy.personal_data(member, by=cast.t1_staff, reason="本人申请查阅")
    volunteer_privacy.personal_data(volunteer, by=cast.t1_staff, reason="本人申请查阅")
    services.update_org(cast.t2, by=cast.d1_admin, host_unit="宝台镇人民政府")
    services.move_org(cast.v1, new_parent=cast.t2, by=cast.d1_admin)
    services.merge_org(cast.t2, into=cast.t1, by=cast.d1_admin)
    services.dissolve_org(cast.t3, successor=cast.dep3, by=cast.city_admin)
    login(cast.t1_staff)
    recorded = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"org.created", "org.moved", "org.merged_into", "org.dissolved", "member.export_personal_data",
            "volunteer.export_personal_data", "auth.login"} <= recorded
    assert sorted(recorded - set(audit.ACTION_LABELS)) == []


@pytest.mark.django_db
def test_audit_log_shows_and_filters_by_chinese_names(cast, login):
    login(cast.t1_staff)  # a sign-in in d1's subtree
    client = login(cast.d1_admin)
    audit.record("account.password_changed", user=cast.t1_staff, obj=cast.t1_staff, org=cast.t1)
    page = client.get(reverse("orgs:audit")).content.decode()
    assert "<td>登录</td>" in page and "auth." not in visible_text(page)
    assert '<option value="auth.">全部登录操作</option>' in page
    only_passwords = client.get(reverse("orgs:audit"), {"action": "account.password_changed"}).content.decode()
    assert "<td>修改密码</td>" in only_passwords and "<td>登录</td>" not in only_passwords
    sign_ins = client.get(reverse("orgs:audit"), {"action": "auth."}).content.decode()
    assert "<td>登录</td>" in sign_ins and "<td>修改密码</td>" not in sign_ins
    refused = client.get(reverse("orgs:audit"), {"action": "auth.login'--"})
    assert refused.status_code == 200 and "选择一个有效的选项" in refused.content.decode()
