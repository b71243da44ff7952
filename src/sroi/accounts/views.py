"""Organisation profile, colleagues, the coordinator's overview and invitations, and accepting
an invitation."""

from __future__ import annotations

from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sroi.accounts import selectors, services
from sroi.accounts.constants import InvitationStatus, OrganisationKind, Role
from sroi.accounts.decorators import coordinator_required
from sroi.accounts.forms import (
    ColleagueInvitationForm,
    InvitationAcceptForm,
    InvitationAcceptWithOrganisationForm,
    InvitationCreateForm,
    OrganisationAdminForm,
    OrganisationForm,
)
from sroi.accounts.models import User

LOGIN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the decorators let only signed-in users through
        raise PermissionDenied
    return user


@login_required
@require_GET
def organisation(request: HttpRequest) -> HttpResponse:
    """The user's own page: its organisation (a contractor's company or a buyer), its users,
    account security."""
    user = _user(request)
    own = user.organisation if (user.is_contractor or user.is_buyer) else None
    context: dict[str, Any] = {
        "organisation": own,
        "members": selectors.organisation_members(own) if own is not None else [],
        "can_edit": own is not None and user.is_contractor,
        "is_organisation_admin": selectors.organisation_managed_by(user) is not None,
        "mfa_enabled": is_mfa_enabled(user),
    }
    return render(request, "accounts/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest) -> HttpResponse:
    """A contractor edits its own organisation; nobody else has an organisation to edit here."""
    user = _user(request)
    if not user.is_contractor or user.organisation_id is None:
        raise PermissionDenied
    own = selectors.organisation_get_for_user(user, pk=user.organisation_id)
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            services.organisation_update(
                acting_user=user,
                organisation=own,
                details=services.OrganisationDetails.from_cleaned_data(form.cleaned_data),
            )
            messages.success(request, _("The organisation details have been saved."))
            return redirect("accounts:organisation")
    else:
        form = OrganisationForm(initial=OrganisationForm.initial_for(own))
    return render(request, "accounts/organisation_edit.html", {"form": form, "organisation": own})


@coordinator_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    # Buyers' organisations are managed on the buyer list (``plans:buyer_list``).
    organisations = selectors.organisation_list_for_user(
        _user(request), kind=OrganisationKind.CONTRACTOR
    )
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@login_required
@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Read-only company page: any for a coordinator, only its own for a contractor."""
    found = selectors.organisation_get_for_user(_user(request), pk=pk)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": found,
            "members": selectors.organisation_members(found),
            "can_edit": False,
            "viewed_by_coordinator": _user(request).is_coordinator,
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    """Coordinators invite people and see every invitation with its status."""
    user = _user(request)
    invitations = selectors.invitation_list_for_user(user)
    organisations = selectors.organisation_list_for_user(user)
    form = InvitationCreateForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        acting_user=user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                acting_user=user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:invitations")
    return render(
        request, "accounts/invitation_list.html", {"form": form, "invitations": invitations}
    )


# --- colleagues (an organisation's administrator) -----------------------------------------


def _not_organisation_admin(request: HttpRequest, user: User) -> HttpResponse:
    """403 with the reason and who can help: the organisation's administrators."""
    own = user.organisation if (user.is_contractor or user.is_buyer) else None
    admins = list(selectors.organisation_admins(own)) if own is not None else []
    return render(
        request,
        "accounts/colleagues_forbidden.html",
        {"organisation": own, "admins": admins},
        status=403,
    )


@login_required
@require_http_methods(["GET", "POST"])
def colleagues(request: HttpRequest) -> HttpResponse:
    """An organisation's administrator: its users, pending invitations, and inviting a
    colleague (only the e-mail address is posted; the organisation is the administrator's)."""
    user = _user(request)
    own = selectors.organisation_managed_by(user)
    if own is None:
        return _not_organisation_admin(request, user)
    form = ColleagueInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.colleague_invite(
                acting_user=user, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:colleagues")
    return render(
        request,
        "accounts/colleagues.html",
        {
            "organisation": own,
            "members": selectors.organisation_members(own),
            "invitations": selectors.invitation_pending_for_organisation(own),
            "form": form,
            "admin_form": OrganisationAdminForm(),
        },
        status=400 if form.errors else 200,
    )


_INVITATION_NOT_PENDING: dict[str, Any] = {
    InvitationStatus.ACCEPTED: gettext_lazy("This invitation has already been accepted."),
    InvitationStatus.EXPIRED: gettext_lazy("This invitation has expired already."),
    InvitationStatus.REVOKED: gettext_lazy("This invitation has already been revoked."),
}


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (``next``, a path on this site), else ``default``."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a pending invitation: an administrator those into its organisation (404 for
    others), a coordinator any."""
    user = _user(request)
    if not user.is_coordinator and selectors.organisation_managed_by(user) is None:
        return _not_organisation_admin(request, user)
    invitation = selectors.invitation_get_for_manager(user, pk=pk)
    try:
        services.invitation_revoke(acting_user=user, invitation=invitation)
    except services.InvitationError as error:
        messages.error(request, str(_INVITATION_NOT_PENDING.get(error.code, error.code)))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s has been revoked; its link no longer works.")
            % {"email": invitation.email},
        )
    return _back(request, "accounts:invitations" if user.is_coordinator else "accounts:colleagues")


@login_required
@require_POST
def colleague_admin(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a colleague administrator of the organisation, or no longer (at least one stays)."""
    user = _user(request)
    if selectors.organisation_managed_by(user) is None:
        return _not_organisation_admin(request, user)
    colleague = selectors.colleague_get_for_manager(user, pk=pk)
    form = OrganisationAdminForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the colleague is an administrator."))
        return redirect("accounts:colleagues")
    admin: bool = form.cleaned_data["admin"]
    try:
        services.organisation_admin_set(acting_user=user, member=colleague, admin=admin)
    except services.OrganisationAdminError as error:
        messages.error(request, error.message)
        return redirect("accounts:colleagues")
    name = colleague.full_name or colleague.email
    if admin:
        messages.success(request, _("%(name)s is now an administrator.") % {"name": name})
    else:
        messages.success(request, _("%(name)s is no longer an administrator.") % {"name": name})
    if colleague.pk == user.pk and not admin:
        return redirect("accounts:organisation")
    return redirect("accounts:colleagues")


def _invitation_unusable(request: HttpRequest, code: str, *, status: int) -> HttpResponse:
    return render(request, "accounts/invitation_invalid.html", {"reason": code}, status=status)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation mail: set a password (and the company's data if new)."""
    invitation = selectors.invitation_get_by_token(token)
    if invitation is None:
        return _invitation_unusable(request, "not_found", status=404)
    if invitation.status != InvitationStatus.PENDING:
        return _invitation_unusable(request, invitation.status, status=410)
    form_class = (
        InvitationAcceptWithOrganisationForm
        if invitation.role == Role.CONTRACTOR and invitation.organisation_id is None
        else InvitationAcceptForm
    )
    form = form_class(request.POST if request.method == "POST" else None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        details = (
            services.OrganisationDetails.from_cleaned_data(form.cleaned_data)
            if isinstance(form, InvitationAcceptWithOrganisationForm)
            else None
        )
        try:
            user = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                organisation_details=details,
            )
        except services.InvitationError as error:
            return _invitation_unusable(request, error.code, status=410)
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(request, _("Welcome! Your account has been created."))
        return redirect("accounts:organisation")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )
