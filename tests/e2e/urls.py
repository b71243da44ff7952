"""The site's URLs plus a demonstration form built from core/_field.html and
core/_error_summary.html, so the browser tests can check those includes and js/sroi.js
without depending on any one app's form."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import RequestContext, Template
from django.urls import path

from sroi import urls as site_urls


class DemoForm(forms.Form):
    contract_value = forms.DecimalField(
        label="Opdrachtwaarde", help_text="In euro, zonder btw.", min_value=0
    )
    kind = forms.ChoiceField(
        label="Soort invulling",
        widget=forms.RadioSelect,
        choices=[("job", "Baan"), ("bbl", "Leerwerkplek")],
    )
    region = forms.ChoiceField(
        label="Regio", choices=[("", "Kies een regio"), ("nhn", "Noord-Holland Noord")]
    )
    remarks = forms.CharField(label="Toelichting", widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="Naar waarheid ingevuld")


PAGE = Template(
    """{% extends "base.html" %}
{% block title %}Voorbeeldformulier{% endblock title %}
{% block content %}
  <h1 class="utrecht-heading-1">Voorbeeldformulier</h1>
  {% include "core/_error_summary.html" with form=form %}
  <form method="post" novalidate>
    {% csrf_token %}
    {% for field in form %}{% include "core/_field.html" with field=field %}{% endfor %}
    <div class="sroi-actions">
      <button type="submit" class="utrecht-button utrecht-button--primary-action">Opslaan</button>
    </div>
  </form>
  {% if saved %}<p class="utrecht-paragraph" role="status">Opgeslagen.</p>{% endif %}
{% endblock content %}"""
)


HTMX_PAGE = Template(
    """{% extends "base.html" %}
{% block title %}htmx{% endblock title %}
{% block content %}
  <h1 class="utrecht-heading-1">htmx</h1>
  <button type="button" class="utrecht-button utrecht-button--secondary-action"
          hx-post="/test-htmx/fragment/" hx-target="#result" hx-indicator="#busy">Ophalen</button>
  <span id="busy" class="htmx-indicator">Bezig</span>
  <div id="result" aria-live="polite"></div>
{% endblock content %}"""
)


def htmx_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(HTMX_PAGE.render(RequestContext(request)))


def htmx_fragment(request: HttpRequest) -> HttpResponse:
    # A POST: passes only with the CSRF token htmx sends from <body hx-headers>.
    if request.method != "POST" or not request.headers.get("HX-Request"):
        return HttpResponse(status=400)
    return HttpResponse('<p class="utrecht-paragraph">Opgehaald met htmx.</p>')


def demo_form(request: HttpRequest) -> HttpResponse:
    form = DemoForm(request.POST if request.method == "POST" else None)
    saved = request.method == "POST" and form.is_valid()
    return HttpResponse(PAGE.render(RequestContext(request, {"form": form, "saved": saved})))


urlpatterns = [
    path("test-formulier/", demo_form),
    path("test-htmx/", htmx_page),
    path("test-htmx/fragment/", htmx_fragment),
    *site_urls.urlpatterns,
]

handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
