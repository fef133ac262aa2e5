"""Each member who followed something becomes a subscriber; what they followed while
signed in counts as confirmed (their address was verified) since it was created."""

import uuid

from django.db import migrations


def forwards(apps, schema_editor):
    Subscriber = apps.get_model("reports", "Subscriber")
    Subscription = apps.get_model("reports", "Subscription")
    ConsentRecord = apps.get_model("reports", "ConsentRecord")
    db = schema_editor.connection.alias  # migrate --database=… runs it on that database
    subscribers = {}
    subscriptions = Subscription.objects.using(db).select_related("target_type").order_by("pk")
    for subscription in subscriptions:
        if subscription.user_id not in subscribers:
            subscribers[subscription.user_id] = Subscriber.objects.using(db).create(
                user_id=subscription.user_id, key=uuid.uuid4()
            )
        subscriber = subscribers[subscription.user_id]
        subscription.subscriber = subscriber
        subscription.key = uuid.uuid4()
        subscription.confirmed_at = subscription.created_at
        subscription.save(update_fields=["subscriber", "key", "confirmed_at"])
        kind = subscription.target_type
        ConsentRecord.objects.using(db).create(
            subscriber=subscriber, action="given", how="member_follow",
            what=f"{kind.app_label}.{kind.model}:{subscription.target_id}",
            frequency=subscription.frequency, at=subscription.created_at,
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_subscribers_and_reports")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
