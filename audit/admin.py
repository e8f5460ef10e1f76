"""django-auditlog's own admin pages show every change's old and new values:
case content that admins, who configure the service, must not read. The trail
is read through the audit trail pages instead, as each role may."""

from auditlog.models import LogEntry
from django.contrib import admin

if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
