"""The Celery app. Domain tasks live in each app's ``tasks.py`` and are found by ``autodiscover_tasks``."""

import gc
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("qanun")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def freeze_startup_objects(**_: object) -> None:
    """Move the objects of start-up (Django, Wagtail, Celery: ~140,000) out of the garbage collector's sight.

    Otherwise every collection walks them again while a worker reads a PDF, which costs about 15% of the
    pipeline's throughput (bench/ingest.py --gc-freeze). Forked pool processes inherit the frozen set.
    """
    gc.collect()
    gc.freeze()
