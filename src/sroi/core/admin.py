"""Admin for the audit log (read-only) and the e-mail outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sroi.core.constants import OutboxStatus
from sroi.core.mail import outbox_retry
from sroi.core.models import AuditEntry, OutboxAttachment, OutboxMessage

if TYPE_CHECKING:  # the admin classes are generic only for the type checker
    AuditEntryAdminBase = admin.ModelAdmin[AuditEntry]
    OutboxMessageAdminBase = admin.ModelAdmin[OutboxMessage]
    OutboxAttachmentInlineBase = admin.TabularInline[OutboxAttachment, OutboxMessage]
else:
    AuditEntryAdminBase = OutboxMessageAdminBase = admin.ModelAdmin
    OutboxAttachmentInlineBase = admin.TabularInline


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, AuditEntryAdminBase):
    list_display = ("at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("action", "object_type", "object_id", "actor__email")
    date_hierarchy = "at"


class OutboxAttachmentInline(ReadOnlyAdminMixin, OutboxAttachmentInlineBase):
    model = OutboxAttachment
    fields = ("filename", "mimetype", "size")
    readonly_fields = ("filename", "mimetype", "size")
    extra = 0

    @admin.display(description=_("size (bytes)"))
    def size(self, obj: OutboxAttachment) -> int:
        return len(obj.content)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, OutboxMessageAdminBase):
    list_display = ("created_at", "subject", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("subject",)
    readonly_fields = (
        "to",
        "subject",
        "body",
        "html_body",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "last_error",
        "sent_at",
        "created_at",
        "created_by",
    )
    inlines = (OutboxAttachmentInline,)
    actions = ("retry_failed",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # the change permission is what the retry action needs; every field stays read-only
        return bool(request.user.is_superuser or request.user.has_perm("core.change_outboxmessage"))

    @admin.action(description=_("Retry the selected failed messages"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        retried = 0
        for message in queryset.filter(status=OutboxStatus.FAILED):
            outbox_retry(message=message, acting_user=request.user)
            retried += 1
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", retried)
            % {"count": retried},
            messages.SUCCESS,
        )
