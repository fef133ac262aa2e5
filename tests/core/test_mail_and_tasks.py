"""E-mail leaves through the task queue, and only for transactions that commit."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from jisr.core.mail import message_from_payload, message_to_payload

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_message_survives_the_trip_through_the_queue():
    message = EmailMultiAlternatives(
        "موضوع", "نص", "from@example.org", ["to@example.org"], headers={"List-Id": "x"}
    )
    message.attach_alternative("<p>نص</p>", "text/html")
    message.attach("report.pdf", b"%PDF-1.7 bytes", "application/pdf")
    copy = message_from_payload(message_to_payload(message))
    assert (copy.subject, copy.body, copy.to, copy.extra_headers) == (
        "موضوع",
        "نص",
        ["to@example.org"],
        {"List-Id": "x"},
    )
    assert copy.alternatives[0][0] == "<p>نص</p>"
    assert copy.attachments[0][:2] == ("report.pdf", b"%PDF-1.7 bytes")


@pytest.mark.django_db
def test_mail_is_delivered_by_the_task_runner():
    send_mail("Hello", "Body", "from@example.org", ["to@example.org"])
    assert [m.subject for m in mail.outbox] == ["Hello"]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_with_the_database_queue_mail_waits_for_the_worker():
    send_mail("Queued", "Body", "from@example.org", ["to@example.org"])
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_rolled_back_transaction_queues_no_mail():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Never", "Body", "from@example.org", ["to@example.org"])
        raise RuntimeError("the change failed")
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_the_worker_sends_what_was_queued():
    from django.core.management import call_command

    send_mail("From the worker", "Body", "from@example.org", ["to@example.org"])
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert [m.subject for m in mail.outbox] == ["From the worker"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
