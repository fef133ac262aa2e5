from django.contrib.contenttypes.models import ContentType

from .models import Subscription


def is_following(user, target) -> bool:
    if not user.is_authenticated:
        return False
    return Subscription.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).exists()
