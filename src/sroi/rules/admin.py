"""Admin for rule-set versions. Writes go through ``rules.services``; published is read-only."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sroi.rules.files import RuleSetFileError, parse_ruleset
from sroi.rules.models import RuleSetVersion
from sroi.rules.services import (
    ruleset_version_create,
    ruleset_version_publish,
    ruleset_version_update,
)

_READ_ONLY_FIELDS = (
    "code",
    "version",
    "name",
    "region",
    "status",
    "state",
    "valid_from",
    "valid_to",
    "published_at",
    "created_at",
)


class RuleSetVersionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RuleSetVersion
        fields = ("document",)

    def clean_document(self) -> Any:
        document = self.cleaned_data["document"]
        try:
            ruleset = parse_ruleset(document)
        except RuleSetFileError as exc:
            raise ValidationError([f"{p.field}: {p.message_nl}" for p in exc.problems]) from exc
        duplicates = RuleSetVersion.objects.filter(code=ruleset.id, version=ruleset.version)
        if self.instance.pk is not None:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise ValidationError(
                _("Rule set %(code)s already has a version %(version)s.")
                % {"code": ruleset.id, "version": ruleset.version}
            )
        return document


@admin.register(RuleSetVersion)
class RuleSetVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = RuleSetVersionForm
    list_display = ("code", "version", "name", "status", "state", "valid_from", "valid_to")
    list_filter = ("state", "status", "code")
    search_fields = ("code", "version", "name", "region")
    readonly_fields = _READ_ONLY_FIELDS
    actions = ("publish_selected",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_published:
            return (*_READ_ONLY_FIELDS, "pretty_document")
        return _READ_ONLY_FIELDS

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_published:
            return (*_READ_ONLY_FIELDS, "pretty_document")
        return ("document", *_READ_ONLY_FIELDS)

    @admin.display(description=_("rule set document"))
    def pretty_document(self, obj: RuleSetVersion) -> str:
        return json.dumps(obj.document, indent=2, ensure_ascii=False)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: RuleSetVersion, form: Any, change: bool
    ) -> None:
        user = request.user if request.user.is_authenticated else None
        document = form.cleaned_data["document"]
        if change:
            saved = ruleset_version_update(version=obj, document=document, acting_user=user)
        else:
            saved = ruleset_version_create(document=document, acting_user=user)
        obj.pk = saved.pk
        obj.refresh_from_db()

    @admin.action(description=_("Publish the selected concept versions"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[RuleSetVersion]) -> None:
        user = request.user if request.user.is_authenticated else None
        for version in queryset:
            try:
                ruleset_version_publish(version=version, acting_user=user)
            except ValidationError as exc:
                self.message_user(request, f"{version}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(version)s published.") % {"version": version})
