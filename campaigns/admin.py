"""Read-only admin pages of the campaigns' rows: every change goes through ``campaigns.services``
on the unit's pages (where admins above a unit correct it), so the checks cannot be bypassed."""

from django.contrib import admin

from campaigns.models import Campaign, PaperCopy, StaffMember, Stage, UnitDocument
from orgs.admin import ScopedAdmin, admin_site


class _ReadOnly(ScopedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    can_delete = False
    fields = readonly_fields = ["name", "due_on", "milestones"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign, site=admin_site)
class CampaignAdmin(_ReadOnly):
    list_display = ["name", "org", "starts_on", "ends_on", "deduct_per_stage", "deduct_per_week"]
    inlines = [StageInline]


@admin.register(StaffMember, site=admin_site)
class StaffMemberAdmin(_ReadOnly):
    list_display = ["org", "name", "post", "masked_phone", "starts_on", "ends_on"]
    exclude = ["phone"]  # masked by default (lib.identity.mask_phone), as on the unit's page
    readonly_fields = ["masked_phone"]
    search_fields = ["name", "org__name"]


@admin.register(UnitDocument, site=admin_site)
class UnitDocumentAdmin(_ReadOnly):
    list_display = ["org", "kind", "original_name", "uploaded_at", "uploaded_by"]
    list_filter = ["kind"]
    exclude = ["file"]


@admin.register(PaperCopy, site=admin_site)
class PaperCopyAdmin(_ReadOnly):
    list_display = ["org", "received_on", "recorded_by", "recorded_at"]
