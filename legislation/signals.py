"""The ``provisions_replaced`` signal, sent when a document's provisions are stored anew (by processing or a
correction, through ``legislation.provisions``) so that what points into them can follow: reviews places its
annotations again, search re-indexes. What legislation itself receives is in ``receivers.py``."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``document`` inside the transaction that stored the document's new provisions.
provisions_replaced = Signal()
