"""The daily prune of working copies of personal data (dataprotection.housekeeping).

Each app prunes its own rows: it connects a receiver that deletes what is
older than `cutoff` (or expired by `now`) and returns {what: how many}."""

from django.dispatch import Signal

prune_working_copies = Signal()
