"""Celery application.

Without REDIS_URL tasks run eagerly in the web process (the embedded default);
with it they go through the Redis broker to a worker, and beat runs schedules.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "t4c_socialcheck.settings")

app = Celery("t4c_socialcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
