from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def calculator(request: HttpRequest) -> HttpResponse:
    """Public calculator (placeholder until the calculator lands)."""
    return render(request, "rules/calculator.html")
