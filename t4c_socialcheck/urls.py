from django.contrib import admin
from django.urls import include, path

from governance.urls import report_urlpatterns
from t4c_socialcheck.metrics import metrics_view
from web.health import healthz, readyz

admin.site.site_header = "Social media checks: configuration"
admin.site.site_title = "Social media checks admin"

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("readyz/", readyz, name="readyz"),
    path("metrics/", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("manage/ripa/", include("ripa.urls")),
    path("manage/", include("oversight.urls")),
    path("data-protection/", include("dataprotection.urls")),
    path("privacy/", include("dataprotection.public_urls")),
    path("governance/", include("governance.urls")),
    path("reports/annual/", include(report_urlpatterns)),
    path("two-factor/", include("accounts.twofactor.urls")),
    path("sso/", include("accounts.sso_urls")),
    path("passkeys/", include("accounts.twofactor.webauthn")),
    path("account/tokens/", include("api.page_urls")),
    path("", include("web.urls")),
]
