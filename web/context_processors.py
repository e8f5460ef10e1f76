from django.conf import settings


def service(request):
    return {
        "service_name": settings.SOCIALCHECK_SERVICE_NAME,
        "agency_name": settings.SOCIALCHECK_AGENCY_NAME,
    }
