"""``notify``: the one way the portal tells people something (in-app, and by e-mail to those
who chose it), and the unread counts of the menu's badges."""

from collections.abc import Callable, Iterable
from datetime import timedelta

from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F, Func, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from notifications.models import Notification

#: reason code → what the inbox shows as the kind of notification (apps add theirs with ``reason``)
REASONS: dict[str, str] = {}

MAX_MESSAGE = Notification._meta.get_field("message").max_length
SUBJECT_PREFIX = "[红十字会基层组织平台] "


def reason(code: str, label: str) -> str:
    """Declare a reason code and its Chinese label (shown in the inbox); returns the code."""
    REASONS[code] = label
    return code


def reason_label(code: str) -> str:
    return REASONS.get(code, "通知")


def notify(users: Iterable, message: str, *, reason: str, link: str = "", org=None, about_key: str = "",
           once_a_day: bool = False) -> None:
    """Tell ``users`` ``message`` once the current transaction commits (nothing is sent for work
    that is rolled back). Inactive accounts are skipped. With ``once_a_day`` a user who got a
    notification with the same ``reason`` and ``about_key`` within the last 24 hours is skipped,
    so that a reminder run twice, or clicked twice, reaches nobody twice."""
    users = [u for u in users if u.is_active]
    message = message[:MAX_MESSAGE]
    if not users:
        return

    def send():
        targets = users
        now = timezone.now()
        if once_a_day and about_key:
            already = set(Notification.objects.filter(
                about_key=about_key, reason=reason, created_at__gt=now - timedelta(days=1),
                user__in=[u.pk for u in users]).values_list("user_id", flat=True))
            targets = [u for u in users if u.pk not in already]
        Notification.objects.bulk_create(
            [Notification(user=u, message=message, reason=reason, link=link, org=org, about_key=about_key,
                          created_at=now) for u in targets], batch_size=1000)
        mails = [(SUBJECT_PREFIX + message, _mail_body(message, link), None, [u.email])
                 for u in targets if u.email and u.email_notifications]
        if mails:
            send_mass_mail(mails)  # one mail per person: nobody sees another's address

    transaction.on_commit(send)


def _mail_body(message: str, link: str) -> str:
    where = f"：{link}" if link else "。"
    return f"{message}\n\n请登录平台查看{where}\n（如不需要邮件提醒，可在平台“通知 → 邮件提醒设置”中关闭。）"


def sent_within(about_key: str, reason: str, *, since) -> Notification:
    """The notifications about ``about_key`` for ``reason`` since a time (for an ``Exists`` filter)."""
    return Notification.objects.filter(about_key=about_key, reason=reason, created_at__gt=since)


#: badge name → function(user) giving a queryset of the user's unread items (one row each);
#: apps register theirs (``register_badge``) so that the menu counts them all in one query
BADGES: dict[str, Callable] = {}


def register_badge(name: str, unread: Callable) -> None:
    BADGES[name] = unread


def _count(queryset):
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def unread_counts(user) -> dict[str, int]:
    """Every badge's unread count for ``user``, in one query (the menu shows them on every page)."""
    if not (user and user.is_authenticated):
        return {}
    from orgs.models import User

    sources = {"notifications": Notification.objects.filter(user=user, read=False),
               **{name: fn(user) for name, fn in BADGES.items()}}
    # prefixed: the names may clash with the user's own fields (``User.notifications``)
    row = (User.objects.filter(pk=user.pk)
           .values(**{f"unread_{name}": _count(qs) for name, qs in sources.items()}).first()) or {}
    return {name.removeprefix("unread_"): n for name, n in row.items()}
