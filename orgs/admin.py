"""Django admin, scoped through ``orgs.scoping`` like every other page.

Every app registers its models on ``admin_site`` with a ``ScopedAdmin`` subclass: querysets,
foreign-key choices and object permissions then all come from the one scoping module.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import Http404

from orgs import lockout, scoping, services
from orgs.models import GovernanceEvent, LeadershipTerm, Organization, OrgChange, Role, User


class PortalAdminSite(admin.AdminSite):
    site_header = "红十字会基层组织备案与管理平台 · 后台"
    site_title = "红十字会管理后台"
    index_title = "数据管理"

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or (user.role == Role.ADMIN and user.org_id is not None))


admin_site = PortalAdminSite(name="admin")


class ScopedAdmin(admin.ModelAdmin):
    """Rows outside the admin's subtree do not exist here; org choices are the subtree's."""

    #: the scoping action that editing this model needs
    edit_action = "org.edit"

    def get_queryset(self, request):
        return scoping.scope(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        # Django admin would redirect to its index with a message; out of scope is 404 everywhere else
        # (change, delete and history pages all come through here).
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("未找到该记录。")
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Organization:
            kwargs["queryset"] = scoping.visible_orgs(request.user).order_by("path")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request) and (obj is None or scoping.in_scope(
            request.user, scoping.org_of(obj)))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj) and scoping.can(request.user, self.edit_action, obj)

    has_add_permission = has_change_permission

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # A row may only be saved where the admin may act: the org chosen must be in scope.
        scoping.require(request.user, self.edit_action, scoping.org_of(obj))
        super().save_model(request, obj, form, change)


@admin.register(Organization, site=admin_site)
class OrganizationAdmin(ScopedAdmin):
    list_display = ["name", "level", "category", "status", "founded_on"]
    list_filter = ["level", "category", "status"]
    search_fields = ["name", "host_unit"]
    fields = services.ORG_FIELDS + ("status",)
    readonly_fields = ["level", "status"]

    def has_add_permission(self, request, obj=None):
        return False  # new orgs are added under a parent on the portal's own pages

    def has_delete_permission(self, request, obj=None):
        return False  # orgs are merged or dissolved, never deleted, so history survives

    def save_model(self, request, obj, form, change):
        try:
            original = Organization.objects.get(pk=obj.pk)
            services.update_org(original, by=request.user,
                                **{f: form.cleaned_data[f] for f in form.changed_data if f in services.ORG_FIELDS})
        except ValidationError as exc:
            self.message_user(request, "；".join(exc.messages), level="error")


@admin.register(LeadershipTerm, site=admin_site)
class LeadershipTermAdmin(ScopedAdmin):
    list_display = ["org", "role", "person_name", "starts_on", "ends_on"]
    list_filter = ["role"]
    search_fields = ["person_name", "org__name"]


@admin.register(GovernanceEvent, site=admin_site)
class GovernanceEventAdmin(ScopedAdmin):
    list_display = ["org", "kind", "occurred_on"]
    list_filter = ["kind"]


@admin.register(OrgChange, site=admin_site)
class OrgChangeAdmin(ScopedAdmin):
    list_display = ["org", "kind", "counterpart", "by", "at"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False  # history is append-only

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(User, site=admin_site)
class UserAdmin(ScopedAdmin):
    edit_action = "account.manage"
    list_display = ["username", "full_name", "org", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name"]
    fields = ["username", "full_name", "email", "org", "role", "is_active", "last_login"]
    readonly_fields = ["username", "last_login"]

    actions = ["unlock_logins"]

    @admin.action(description="解除所选账号的登录锁定", permissions=["change"])
    def unlock_logins(self, request, queryset):
        for account in queryset:
            lockout.unlock(account, by=request.user, request=request)
        self.message_user(request, f"已解除 {len(queryset)} 个账号的登录锁定。")

    def has_add_permission(self, request, obj=None):
        return False  # accounts are created on the portal's account page, with a password policy

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead, so audit rows keep their actor

    def save_model(self, request, obj, form, change):
        try:
            services.update_account(User.objects.get(pk=obj.pk), by=request.user,
                                    **{f: form.cleaned_data[f] for f in form.changed_data
                                       if f in ("full_name", "email", "org", "role", "is_active")})
        except ValidationError as exc:
            self.message_user(request, "；".join(exc.messages), level="error")
