"""Subject access deadlines already recorded move off weekends and bank holidays, as new ones do."""

from django.db import migrations

from t4c_socialcheck.dates import add_calendar_months, working_day_on_or_after


def due_on_a_working_day(apps, schema_editor):
    SubjectAccessRequest = apps.get_model("dataprotection", "SubjectAccessRequest")
    for request in SubjectAccessRequest.objects.only("pk", "received_on", "extension_months", "due_on"):
        due_on = working_day_on_or_after(add_calendar_months(request.received_on, 1 + request.extension_months))
        if due_on != request.due_on:
            SubjectAccessRequest.objects.filter(pk=request.pk).update(due_on=due_on)


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0003_subject_access_review_and_lawful_basis")]

    operations = [migrations.RunPython(due_on_a_working_day, migrations.RunPython.noop)]
