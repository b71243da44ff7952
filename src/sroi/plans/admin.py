"""Admin for the plans domain: read-only. Every change goes through ``sroi.plans.services``
(the coordinator's pages for buyers and decisions, the contractor's plan form)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from sroi.plans.models import Buyer, Contract, Plan, PlanEvent, PlanLine, PlanVersion

if TYPE_CHECKING:  # the admin classes are generic only for the type checker
    BuyerAdminBase = admin.ModelAdmin[Buyer]
    ContractAdminBase = admin.ModelAdmin[Contract]
    PlanAdminBase = admin.ModelAdmin[Plan]
    PlanVersionAdminBase = admin.ModelAdmin[PlanVersion]
    PlanLineInlineBase = admin.TabularInline[PlanLine, Plan]
    PlanEventInlineBase = admin.TabularInline[PlanEvent, Plan]
else:
    BuyerAdminBase = ContractAdminBase = PlanAdminBase = PlanVersionAdminBase = admin.ModelAdmin
    PlanLineInlineBase = PlanEventInlineBase = admin.TabularInline


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Buyer)
class BuyerAdmin(ReadOnlyMixin, BuyerAdminBase):
    list_display = ("name", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("name",)


@admin.register(Contract)
class ContractAdmin(ReadOnlyMixin, ContractAdminBase):
    list_display = ("name", "organisation", "buyer", "value_eur", "start_date", "end_date")
    list_select_related = ("organisation", "buyer")
    search_fields = ("name", "organisation__name", "buyer__name")


class PlanLineInline(ReadOnlyMixin, PlanLineInlineBase):
    model = PlanLine
    extra = 0


class PlanEventInline(ReadOnlyMixin, PlanEventInlineBase):
    model = PlanEvent
    extra = 0


@admin.register(Plan)
class PlanAdmin(ReadOnlyMixin, PlanAdminBase):
    list_display = ("contract", "status", "current_version", "updated_at")
    list_filter = ("status",)
    list_select_related = ("contract",)
    search_fields = ("contract__name", "contract__organisation__name")
    inlines = (PlanLineInline, PlanEventInline)


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyMixin, PlanVersionAdminBase):
    list_display = ("plan", "number", "submitted_at", "submitted_by")
    list_select_related = ("plan__contract", "submitted_by")
