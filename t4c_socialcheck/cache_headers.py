"""No copy of a page, an export or an API answer is kept by a browser or a proxy.

Nearly every response carries personal data about families, so every response
is sent with `Cache-Control: no-store`, except static files (WhiteNoise answers
those before this middleware, with its own long-lived headers) and the health
check, which holds none.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not self.exempt(request):
            patch_cache_control(response, no_store=True)
        return response

    @staticmethod
    def exempt(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        return getattr(request.resolver_match, "url_name", None) == "healthz"
