"""Scoped admin for filings. Filings are read-only here: every change goes through
``filings.workflow`` on the portal's pages, so the admin path cannot bypass the state machine."""

from django.contrib import admin

from filings.models import Campaign, Event, Filing, Review, Seal, SupersededPdf
from orgs.admin import ScopedAdmin, admin_site


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(_ReadOnlyInline):
    model = Event
    fields = readonly_fields = ["at", "from_status", "to_status", "by", "note"]


class ReviewInline(_ReadOnlyInline):
    model = Review
    fields = readonly_fields = ["at", "by", "decision", "comment", "field_comments"]


class SupersededPdfInline(_ReadOnlyInline):
    model = SupersededPdf
    fields = readonly_fields = ["superseded_at", "superseded_by", "reason", "pdf_sha256"]


@admin.register(Filing, site=admin_site)
class FilingAdmin(ScopedAdmin):
    list_display = ["name", "org", "category", "status", "number", "submitted_at", "filed_at"]
    list_filter = ["status", "category"]
    search_fields = ["name", "org__name", "number"]
    inlines = [EventInline, ReviewInline, SupersededPdfInline]
    exclude = ["stamped_pdf"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Filing._meta.fields if f.name != "stamped_pdf"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign, site=admin_site)
class CampaignAdmin(ScopedAdmin):
    list_display = ["title", "org", "deadline"]


@admin.register(Seal, site=admin_site)
class SealAdmin(ScopedAdmin):
    list_display = ["org", "uploaded_by", "uploaded_at"]

    def has_change_permission(self, request, obj=None):
        return False  # uploaded on /filings/seal/ where the PNG is checked

    def has_add_permission(self, request, obj=None):
        return False
