from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

# The admin signs in through allauth too: its rate limits and two-factor step apply.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("sroi.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("organisatie/", include("sroi.accounts.urls")),
    path("rekenhulp/", include("sroi.rules.urls")),
    path("rekenmodellen/", include("sroi.rules.urls_rulesets")),
    path("plannen/", include("sroi.plans.urls")),
    path("contracten/", include("sroi.plans.contracts_urls")),
    path("contracten/<int:contract_pk>/", include("sroi.agreements.urls")),
    path("contracten/<int:contract_pk>/", include("sroi.monitoring.urls")),
    path("agenda/", include("sroi.agreements.urls_calendar")),
    path("coordinator/", include("sroi.plans.urls_coordinator")),
    path("coordinator/", include("sroi.portfolio.urls")),
    path("open/", include("sroi.portfolio.urls_public")),
    path("api/v1/", include("sroi.rules.api_urls")),
    path("api/v1/", include("sroi.portfolio.api_urls")),
    path("api-sleutels/", include("sroi.portfolio.urls_tokens")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("beheer/", admin.site.urls),
]

handler403 = "sroi.core.views.permission_denied"
handler404 = "sroi.core.views.page_not_found"
handler500 = "sroi.core.views.server_error"
