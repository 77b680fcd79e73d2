"""The portal's one kind of notification: a line in a user's inbox (and, if the user chose it, an
e-mail copy). Every app sends through ``notifications.services.notify``."""

from django.db import models
from django.utils import timezone

from orgs.querysets import ScopedQuerySet


class Notification(models.Model):
    ORG_PATH = "user__org__path"

    user = models.ForeignKey("orgs.User", on_delete=models.CASCADE, related_name="notifications",
                             verbose_name="接收人")
    message = models.CharField("内容", max_length=200)
    #: what sent it, e.g. ``filing.submit``; labels in ``notifications.services.REASONS``
    reason = models.CharField("类别", max_length=40)
    link = models.CharField("链接", max_length=300, blank=True)
    #: the org the notification is about (the filing's unit, the notice's publisher)
    org = models.ForeignKey("orgs.Organization", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="+", verbose_name="相关组织")
    #: the thing it is about, e.g. ``filing:12``: a reminder sent "once a day" looks for it
    about_key = models.CharField("相关事项", max_length=60, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read = models.BooleanField("已读", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read"], name="notif_user_unread"),
            models.Index(fields=["about_key", "reason", "created_at"], name="notif_about"),
        ]

    def __str__(self) -> str:
        return self.message
