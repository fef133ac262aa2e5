from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from jisr.core.services import audit_append

from .models import Subscription

# What can be followed, as "app_label.model"; later areas add theirs.
FOLLOWABLE = {"parliament.person", "parliament.organization"}


def followable(label: str, pk: int) -> models.Model:
    """Return the object a follow form names, or raise a ValidationError."""
    if label not in FOLLOWABLE:
        raise ValidationError(_("This cannot be followed."))
    app_label, model = label.split(".")
    try:
        return ContentType.objects.get_by_natural_key(app_label, model).get_object_for_this_type(
            pk=pk
        )
    except Exception as error:
        raise ValidationError(_("This cannot be followed.")) from error


@transaction.atomic
def subscription_follow(*, user, target: models.Model) -> Subscription:
    subscription, created = Subscription.objects.get_or_create(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )
    if created:
        audit_append(actor=user, action="subscription.created", target=subscription)
    return subscription


@transaction.atomic
def subscription_unfollow(*, user, target: models.Model) -> None:
    deleted, _count = Subscription.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).delete()
    if deleted:
        audit_append(
            actor=user, action="subscription.deleted",
            object_type=target._meta.label_lower, object_id=target.pk,
        )  # fmt: skip
