app_name = "api"

urlpatterns: list = [
    # Filled in by issue 3 (JSON API v1).
]
