"""The reviewing bodies' e-seals, stamped on filed PDFs."""

import secrets

from django.db import models
from django.utils import timezone

from orgs.models import Organization
from orgs.querysets import ScopedQuerySet


def _seal_upload_to(instance, filename) -> str:
    return f"seals/{secrets.token_hex(16)}.png"


class Seal(models.Model):
    """The e-seal image of a reviewing body (县级以上红十字会), uploaded by that body's admin."""

    ORG_PATH = "org__path"

    org = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="seal", verbose_name="红十字会"
    )
    image = models.FileField("电子印章（PNG）", upload_to=_seal_upload_to)
    uploaded_by = models.ForeignKey(
        "orgs.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "电子印章"
        verbose_name_plural = "电子印章"

    def __str__(self) -> str:
        return f"{self.org} 电子印章"
