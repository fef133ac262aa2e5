"""Signed-in devices kept each member's IP address; Jisr keeps none (accounts.signals)."""

from django.db import migrations


def forget(apps, schema_editor):
    apps.get_model("usersessions", "UserSession").objects.update(ip="0.0.0.0")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("usersessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
