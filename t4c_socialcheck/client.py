"""The client's address: one function for the lockout, the audit trail and django-auditlog.

Behind SOCIALCHECK_PROXY_COUNT proxies of our own, each appends to
X-Forwarded-For the address that connected to it, so the client is that many
entries from the right (the last proxy is REMOTE_ADDR itself). Anything to the
left was written by the client and is never used. With no proxy configured the
header is ignored. django-ipware parses the header and refuses anything that
is not an address; when it finds none the connecting address is used.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    hops = int(getattr(settings, "SOCIALCHECK_PROXY_COUNT", 0) or 0)
    address = None
    if hops > 0:
        # ipware's proxy_count counts the proxies listed in the header, that is all but the last.
        address, _ = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=hops - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
    if address is None:
        address, _ = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    return address
