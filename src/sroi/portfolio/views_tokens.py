"""'API keys': every signed-in user lists, makes and revokes its own personal API tokens.
A new key is shown once, in the answer to the POST that made it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sroi.accounts.models import User
from sroi.portfolio.forms_tokens import ApiTokenForm
from sroi.portfolio.models import ApiToken
from sroi.portfolio.token_services import TokenError, api_token_create, api_token_revoke

# The largest primary key the database holds (a larger id in the URL is simply unknown).
PK_MAX = 2**63 - 1


def _page(request: HttpRequest, form: ApiTokenForm, *, status: int = 200) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    tokens = ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
    return render(
        request,
        "portfolio/apitoken_list.html",
        {"tokens": list(tokens), "form": form, "now": timezone.now()},
        status=status,
    )


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request, ApiTokenForm())


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("api_tokens:list")
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        user: User = request.user  # type: ignore[assignment]
        try:
            new = api_token_create(
                acting_user=user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except TokenError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return render(
                request, "portfolio/apitoken_created.html", {"token": new.token, "key": new.key}
            )
    return _page(request, form, status=400)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if pk > PK_MAX:
        raise Http404
    user: User = request.user  # type: ignore[assignment]
    token = api_token_revoke(acting_user=user, token_id=pk)
    messages.success(request, _("The key %(name)s is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
