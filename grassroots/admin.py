"""Scoped Django admin of activities and 五有/六有 facts: view and correct, no adding or deleting
(writes go through the pages and ``grassroots.services``)."""

from django.contrib import admin

from grassroots.models import Activity, OrgProfile
from orgs.admin import ScopedAdmin, admin_site


class GrassrootsAdmin(ScopedAdmin):
    edit_action = "volunteer.edit"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Activity, site=admin_site)
class ActivityAdmin(GrassrootsAdmin):
    list_display = ["title", "type", "held_on", "org", "people_trained"]
    list_filter = ["type"]
    readonly_fields = ["org"]
    exclude = ["roster"]


@admin.register(OrgProfile, site=admin_site)
class OrgProfileAdmin(GrassrootsAdmin):
    list_display = ["org", "rules_on_file", "platform", "annual_funding"]
    readonly_fields = ["org"]
