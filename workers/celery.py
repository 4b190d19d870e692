"""The Celery app. Domain tasks live in each app's ``tasks.py`` and are found by ``autodiscover_tasks``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("qanun")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
