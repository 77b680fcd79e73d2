"""Scoped Django admin for the volunteers app. Edits go through ``volunteers.services``."""

from django.contrib import admin

from orgs.admin import ScopedAdmin, admin_site
from volunteers.models import (
    FirstAidCertificate,
    ServiceRecord,
    ServiceTeam,
    StarAward,
    Volunteer,
)


class VolunteerAppAdmin(ScopedAdmin):
    edit_action = "volunteer.edit"

    def has_add_permission(self, request):  # writes go through the pages and services
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Volunteer, site=admin_site)
class VolunteerAdmin(VolunteerAppAdmin):
    list_display = ["name", "masked_id", "masked_phone", "org", "status", "registered_on"]
    list_filter = ["status"]
    search_fields = ["name"]
    exclude = ["id_number", "id_hash", "phone"]
    readonly_fields = ["masked_id", "masked_phone", "org", "user", "member"]


@admin.register(ServiceTeam, site=admin_site)
class ServiceTeamAdmin(VolunteerAppAdmin):
    list_display = ["name", "specialty", "org", "founded_on"]
    list_filter = ["specialty"]
    readonly_fields = ["org"]



@admin.register(ServiceRecord, site=admin_site)
class ServiceRecordAdmin(VolunteerAppAdmin):
    list_display = ["volunteer", "served_on", "hours", "status"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):  # approval has its own rules: use the pages
        return False


@admin.register(StarAward, site=admin_site)
class StarAwardAdmin(ServiceRecordAdmin):
    list_display = ["volunteer", "stars", "awarded_on", "awarded_by_org", "withdrawn"]
    list_filter = ["stars", "withdrawn"]


@admin.register(FirstAidCertificate, site=admin_site)
class FirstAidCertificateAdmin(ServiceRecordAdmin):
    list_display = ["number", "volunteer", "issued_on", "expires_on", "issuing_body"]
    list_filter = ["expires_on"]
