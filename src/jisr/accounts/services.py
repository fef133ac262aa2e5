"""Every write to accounts: validated, in one transaction, audited."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from jisr.core.audit_actions import Action
from jisr.core.models import AuditEntry
from jisr.core.services import actor_ref_for, audit_append
from jisr.core.tasks import send_email
from jisr.core.transactions import entry_service

from .models import RetiredDisplayName, User
from .roles import STAFF_ROLES, Role, role_groups
from .selectors import display_name_taken
from .validators import clean_display_name

EXPORT_FORMAT = "jisr-personal-data/1"


def _checked_display_name(name: str, *, user: User | None = None) -> str:
    name = clean_display_name(name)
    if display_name_taken(name, exclude_pk=user.pk if user else None):
        raise ValidationError(_("This display name is already taken. Please choose another."))
    return name


@entry_service
def user_create(
    *,
    email: str,
    password: str | None,
    display_name: str,
    preferred_language: str = "ar",
    roles: tuple[str, ...] = (Role.MEMBER,),
    email_verified: bool = False,
    actor: User | str | None = None,
) -> User:
    """Create an account with a verified or unverified primary e-mail address."""
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=_checked_display_name(display_name),
        preferred_language=preferred_language,
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    user.groups.add(*role_groups(*roles))
    audit_append(actor=actor or user, action=Action.ACCOUNT_CREATED, target=user)
    return user


@entry_service
def user_signed_up(*, user: User) -> None:
    """Finish a sign-up made through the sign-up form: every new account is a member."""
    user.groups.add(*role_groups(Role.MEMBER))
    audit_append(actor=user, action=Action.ACCOUNT_CREATED, target=user)


@entry_service
def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    """Change the member's display name and language. A new name replaces the old one
    everywhere it is shown (each app's ``display_name_changed`` hook), and the old one is
    kept from others (``RetiredDisplayName``)."""
    old_name = user.display_name
    user.display_name = _checked_display_name(display_name, user=user)
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    if user.display_name != old_name:
        RetiredDisplayName.objects.filter(user=user, name__iexact=user.display_name).delete()
        if old_name.lower() != user.display_name.lower():
            RetiredDisplayName.objects.create(user=user, name=old_name)
        for _label, hook in _app_hooks("display_name_changed"):
            hook(user)
    audit_append(actor=user, action=Action.ACCOUNT_PROFILE_UPDATED, target=user)
    return user


@entry_service
def user_set_language(*, user: User, language: str) -> None:
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        audit_append(
            actor=user, action=Action.ACCOUNT_LANGUAGE_CHANGED, target=user, data={"to": language}
        )


def _ensure_not_last_organizer(user: User, message: str) -> None:
    organizers = role_groups(Role.ORGANIZER)[0].user_set
    if organizers.filter(pk=user.pk).exists() and not organizers.exclude(pk=user.pk).exists():
        raise ValidationError(message)


@entry_service
def role_grant(*, actor: User | str, user: User, role: str) -> None:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if user.groups.filter(name=role).exists():
        return
    user.groups.add(*role_groups(role))
    audit_append(actor=actor, action=Action.ROLE_GRANTED, target=user, data={"role": role})
    if role in STAFF_ROLES:
        # A browser signed in before the grant must not carry the new power: the person
        # signs in again, with the second factor staff need.
        transaction.on_commit(lambda: sessions_end(user=user))


def sessions_end(*, user: User, keep: str | None = None) -> int:
    """End the user's sessions, except the one whose key is ``keep``: every other browser
    signed in as them must sign in again. Return how many were ended."""
    ended = 0
    for user_session in UserSession.objects.filter(user=user).exclude(session_key=keep or ""):
        user_session.end()
        ended += 1
    return ended


@entry_service
def role_revoke(*, actor: User | str, user: User, role: str) -> None:
    if role == Role.ORGANIZER:
        _ensure_not_last_organizer(
            user, _("This is the last organizer. Make someone else an organizer first.")
        )
    if not user.groups.filter(name=role).exists():
        return
    user.groups.remove(*role_groups(role))
    audit_append(actor=actor, action=Action.ROLE_REVOKED, target=user, data={"role": role})


def _app_hooks(name: str):
    for config in apps.get_app_configs():
        hook = getattr(config, name, None)
        if hook is not None:
            yield config.label, hook


def user_export(*, user: User) -> dict:
    """Return everything Jisr holds about the user, as one JSON-ready document.

    Each app adds its own part through ``AppConfig.export_personal_data(user)``.
    Secrets (password hash, two-factor keys) are never exported.
    """
    ref = actor_ref_for(user)
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "former_display_names": list(user.retired_names.values_list("name", flat=True)),
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "two_factor_methods": [
            {"type": a.type, "created_at": a.created_at.isoformat()}
            for a in Authenticator.objects.filter(user=user)
        ],
        "sessions": [
            {
                "user_agent": s.user_agent,
                "created_at": s.created_at.isoformat(),
                "last_seen_at": s.last_seen_at.isoformat(),
            }
            for s in UserSession.objects.filter(user=user)
        ],
        "audit_log": [
            {
                "seq": e.seq,
                "created_at": e.created_at.isoformat(),
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
            }
            for e in AuditEntry.objects.filter(
                Q(actor_ref=ref) | Q(object_type=user._meta.label_lower, object_id=str(user.pk))
            ).order_by("seq")
        ],
    }
    for label, hook in _app_hooks("export_personal_data"):
        data[label] = hook(user)
    audit_append(actor=user, action=Action.ACCOUNT_EXPORTED, target=user)
    return data


def _mail_to(addresses: list[str]) -> list:
    """The queued e-mails with one of these addresses among their recipients, exactly
    (erasing a@b.org must not reach aa@b.org's mail)."""
    wanted = {address.casefold() for address in addresses}
    found = []
    for address in addresses:
        for pk, stored in DBTaskResult.objects.filter(
            task_path=send_email.module_path,
            args_kwargs__icontains=address,  # a first cut in the database, made exact below
        ).values_list("pk", "args_kwargs"):
            payload = (stored.get("args") or [{}])[0]
            recipients = [*payload.get("to", []), *payload.get("cc", []), *payload.get("bcc", [])]
            if wanted & {str(recipient).casefold() for recipient in recipients}:
                found.append(pk)
    return found


@entry_service
def user_erase(*, user: User) -> None:
    """Erase the account and everything tied to it.

    Apps erase or anonymize their own records through ``AppConfig.erase_personal_data``.
    The audit log keeps its entries, which hold only the account's random reference:
    once the account is gone, nothing links them to the person.
    """
    _ensure_not_last_organizer(
        user, _("You are the last organizer. Make someone else an organizer first.")
    )
    for _label, hook in _app_hooks("erase_personal_data"):
        hook(user)
    # Queued and delivered e-mails keep their recipient and text in the task queue.
    addresses = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    DBTaskResult.objects.filter(pk__in=_mail_to(addresses)).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()
    session_keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=session_keys).delete()
    audit_append(actor=user, action=Action.ACCOUNT_ERASED, target=user)
    user.delete()
