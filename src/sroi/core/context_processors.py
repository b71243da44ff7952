from django.http import HttpRequest

from sroi import __version__


def site(request: HttpRequest) -> dict[str, object]:
    return {"sroi_version": __version__}
