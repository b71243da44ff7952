"""Admin for users and organisations (administrators); invitations are read-only here:
they are created on the coordinator's page so the token can be mailed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sroi.accounts.models import Invitation, Organisation, User
from sroi.core.audit import audit_log

if TYPE_CHECKING:  # the admin classes are generic only for the type checker
    OrganisationAdminBase = admin.ModelAdmin[Organisation]
    InvitationAdminBase = admin.ModelAdmin[Invitation]
    UserAdminBase = DjangoUserAdmin[User]
    UserCreationFormBase = UserCreationForm[User]
    UserChangeFormBase = UserChangeForm[User]
else:
    OrganisationAdminBase = InvitationAdminBase = admin.ModelAdmin
    UserAdminBase = DjangoUserAdmin
    UserCreationFormBase = UserCreationForm
    UserChangeFormBase = UserChangeForm


class UserCreateForm(UserCreationFormBase):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "organisation")


class UserEditForm(UserChangeFormBase):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(UserAdminBase):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "organisation", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("email", "full_name", "organisation__name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "role", "organisation")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "role",
                    "organisation",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Who changed whose role, organisation or rights goes into our audit log too."""
        super().save_model(request, obj, form, change)
        changed = sorted(
            name for name in form.changed_data if name not in {"password", "password1", "password2"}
        )
        audit_log(
            actor=request.user,
            action="user.change" if change else "user.create",
            obj=obj,
            data={"changed": changed},
        )


@admin.register(Organisation)
class OrganisationAdmin(OrganisationAdminBase):
    list_display = ("name", "kvk_number", "city", "contact_name", "created_at")
    search_fields = ("name", "kvk_number", "city")


@admin.register(Invitation)
class InvitationAdmin(InvitationAdminBase):
    list_display = ("email", "role", "organisation", "invited_by", "expires_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("email",)
    readonly_fields = (
        "email",
        "organisation",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "invited_by",
        "accepted_by",
    )
    exclude = ("token_hash",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
