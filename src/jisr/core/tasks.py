from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django_tasks import task

from .mail import message_from_payload


@task()
def send_email(payload: dict) -> None:
    """Hand one queued message to the delivery backend (SMTP in production)."""
    connection = get_connection(settings.JISR_EMAIL_DELIVERY_BACKEND)
    message: EmailMultiAlternatives = message_from_payload(payload)
    message.connection = connection
    message.send(fail_silently=False)
