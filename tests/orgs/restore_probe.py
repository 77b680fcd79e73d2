"""What a restored portal holds, read through the portal itself, for ``test_backup.py``:
``snapshot()`` in the test's own process on the source, ``python -m tests.orgs.restore_probe``
in a process on the restored database (prints the same as JSON; ``--use`` also adds a member
and an org there, which needs moved sequences, and tries a duplicate ID number)."""

import hashlib
import json
import sys


def _sha(field) -> str:
    with field.open("rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def snapshot() -> dict:
    from filings.models import Attachment, Seal
    from members.models import DuesRule, Member
    from orgs.models import AuditEvent, Organization, User

    return {
        "orgs": sorted([o.path, o.name, o.status] for o in Organization.objects.all()),
        "users": sorted([u.username, u.org.path if u.org_id else "", u.role,
                         u.has_perm("members.export_full_pii")] for u in User.objects.select_related("org")),
        "members": sorted([m.number, m.name, m.full_id, m.phone, m.id_hash] for m in Member.objects.all()),
        "history": Member.history.count(),
        "dues_rules": sorted([r.kind, str(r.max_amount), r.effective_from.isoformat()] for r in DuesRule.objects.all()),
        "attachments": sorted([a.original_name, _sha(a.file)] for a in Attachment.objects.all()),
        "seals": sorted(_sha(s.image) for s in Seal.objects.all()),
        "audit": sorted(AuditEvent.objects.values_list("action", flat=True)),
    }


def use() -> dict:
    """Work in the restored portal: new rows get fresh ids, a known ID number is still refused."""
    from django.core.exceptions import ValidationError

    from members import services
    from members.models import Member
    from orgs import services as orgs
    from orgs.models import Organization, User

    operator = User.objects.get(username="operator")
    town = Organization.objects.get(name="莲花街道红十字会")
    org = orgs.create_org(parent=town, by=operator, name="恢复后新社区红十字会", level="village", category="community")
    member = Member.objects.order_by("pk").first()
    try:
        services.create_member(by=operator, org=town, kind="adult", name="重复", id_number=member.full_id,
                               phone="13800000000")
        duplicate = "accepted"
    except ValidationError as exc:
        duplicate = "；".join(exc.messages)
    return {"new_org_under_town": org.path.startswith(town.path), "duplicate": duplicate}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(use() if "--use" in sys.argv else snapshot(), ensure_ascii=False))
