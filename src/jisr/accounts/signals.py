"""Record in the audit log the account changes that allauth makes on its own."""

from allauth.account.signals import (
    email_added,
    email_confirmed,
    email_removed,
    password_changed,
    password_reset,
)
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import translation

from jisr.core.audit_actions import Action
from jisr.core.middleware import chosen_language
from jisr.core.services import audit_append

from . import services

# What a signed-in device's "IP address" holds: none (the column cannot be empty).
UNKNOWN_ADDRESS = "0.0.0.0"


@receiver(user_logged_in)
def _keep_the_language_chosen_before_signing_in(sender, request, user, **kwargs):
    """The most recent explicit choice wins: a language chosen in this browser before
    signing in becomes the profile's; without one, the profile's language applies."""
    language = chosen_language(request) if request is not None else None
    if language is not None:
        services.user_set_language(user=user, language=language)
    if request is not None and user.preferred_language:
        translation.activate(user.preferred_language)
        request.LANGUAGE_CODE = user.preferred_language


@receiver(email_confirmed)
def _email_confirmed(sender, request, email_address, **kwargs):
    audit_append(
        actor=email_address.user, action=Action.ACCOUNT_EMAIL_VERIFIED, target=email_address.user
    )


@receiver(email_added)
def _email_added(sender, request, user, email_address, **kwargs):
    audit_append(actor=user, action=Action.ACCOUNT_EMAIL_ADDED, target=user)


@receiver(email_removed)
def _email_removed(sender, request, user, email_address, **kwargs):
    audit_append(actor=user, action=Action.ACCOUNT_EMAIL_REMOVED, target=user)


@receiver(password_changed)
@receiver(password_reset)
def _password_changed(sender, request, user, **kwargs):
    audit_append(actor=user, action=Action.ACCOUNT_PASSWORD_CHANGED, target=user)


@receiver(authenticator_added)
@receiver(authenticator_removed)
@receiver(authenticator_reset)
def _authenticator_changed(sender, request, user, authenticator, **kwargs):
    action = {
        authenticator_added: Action.MFA_ADDED,
        authenticator_removed: Action.MFA_REMOVED,
        authenticator_reset: Action.MFA_RESET,
    }[kwargs["signal"]]
    audit_append(actor=user, action=action, target=user, data={"type": authenticator.type})


@receiver(pre_save, sender=UserSession)
def _no_address_kept(sender, instance, **kwargs):
    """allauth's list of signed-in devices would keep each member's IP address; Jisr keeps
    none (the client address serves the rate limits only, and is never stored)."""
    instance.ip = UNKNOWN_ADDRESS
