from django.contrib import admin

from lib.excel.admin_formats import ExportMixin
from members.models import Application, DuesPayment, DuesRule, Honour, Member
from members.resources import MemberResource
from orgs import scoping
from orgs.admin import ScopedAdmin, admin_site


@admin.register(Member, site=admin_site)
class MemberAdmin(ExportMixin, ScopedAdmin):
    """Scoped like every page; exports are masked (MemberResource). Read-only: every write to a
    member goes through ``members.services`` (numbering, checks, spells, history), i.e. through the
    portal's member pages, so admin cannot add, change or delete members."""

    edit_action = "member.edit"
    resource_classes = [MemberResource]
    #: import is the portal's own page (members.excel: preview, numbering, spells, all-or-nothing)
    import_export_change_list_template = "admin/members/member_change_list.html"
    list_display = ("number", "name", "kind", "masked_id", "masked_phone", "org", "joined_on", "status")
    list_filter = ("kind", "status")
    search_fields = ("name", "number")
    list_select_related = ("org",)
    fields = ("number", "kind", "name", "masked_id", "masked_phone", "org", "joined_on", "status", "left_on",
              "credit_code", "contact_person", "in_school")
    readonly_fields = fields

    @admin.display(description="身份证号码")
    def masked_id(self, obj):
        return obj.masked_id

    @admin.display(description="手机号码")
    def masked_phone(self, obj):
        return obj.masked_phone

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_delete_permission = has_add_permission

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": scoping.can(request.user, "member.import")}
        return super().changelist_view(request, extra_context)


@admin.register(Honour, site=admin_site)
class HonourAdmin(ScopedAdmin):
    edit_action = "member.edit"
    list_display = ("year", "kind", "name", "org")
    list_filter = ("kind", "year")
    raw_id_fields = ("member",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "member":
            kwargs["queryset"] = Member.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(DuesPayment, site=admin_site)
class DuesPaymentAdmin(ScopedAdmin):
    edit_action = "member.edit"
    list_display = ("member", "year", "amount", "paid_on")
    raw_id_fields = ("member",)

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(Application, site=admin_site)
class ApplicationAdmin(ScopedAdmin):
    edit_action = "application.review"
    list_display = ("name", "org", "state", "created_at")
    exclude = ("id_number", "phone")

    def has_change_permission(self, request, obj=None):
        return False

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(DuesRule, site=admin_site)
class DuesRuleAdmin(admin.ModelAdmin):
    """Rules are national/local data: operators (superusers) only."""

    list_display = ("kind", "max_amount", "lapse_years", "share_up_percent", "effective_from")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission
