"""What the demo's writers share: the region's orgs by name, the demo accounts, the people
generator and the day the demo is loaded on (every date is placed before it)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from demo.people import People
from orgs.models import Organization, User


@dataclass
class Region:
    accounts: dict[str, User]
    people: People
    today: date = field(default_factory=timezone.localdate)
    dues_rules: dict = field(default_factory=dict)  # members.models.DuesRule in force, by kind
    _orgs: dict[str, Organization] = field(default_factory=dict)

    def org(self, name: str) -> Organization:
        if name not in self._orgs:
            self._orgs[name] = Organization.objects.get(name=name)
        return self._orgs[name]

    def account(self, username: str) -> User:
        return self.accounts[username]

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def staff_of(self, org: Organization) -> User:
        """Who enters an org's data: its own staff account where the demo has one, else the admin of
        the district above it (admins act anywhere in their subtree)."""
        for user in self.accounts.values():
            if user.role == "staff" and user.org_id == org.pk:
                return user
        for user in self.accounts.values():
            if user.role == "staff" and org.is_within(user.org):
                return user
        district = self.org("雁江区红十字会")
        return self.account("yj_admin") if org.is_within(district) else self.account("city_admin")

    def approver_of(self, org: Organization, entered_by: User) -> User:
        """Who approves hours entered at an org: a reviewer of a body above it, never the account
        that entered them (the duties are separated)."""
        for user in self.accounts.values():
            if user.role == "reviewer" and org.is_within(user.org) and user != entered_by:
                return user
        return self.account("city_admin")
