"""Every write of the reports area: following (and consent to it), confirming and
withdrawing, monthly reports, bounces. Each validates, saves in one transaction and
writes its audit entry; e-mail leaves through the task queue after the commit."""

import unicodedata
import uuid
from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from . import selectors
from .models import (
    REPORT_KEY,
    Bounce,
    ConsentRecord,
    Frequency,
    MonthlyReport,
    Subscriber,
    Subscription,
)

CONFIRM_SALT = "jisr.reports.confirm"
UNSUBSCRIBE_SALT = "jisr.reports.unsubscribe"
UNSUBSCRIBE_ALL_SALT = "jisr.reports.unsubscribe-all"
MANAGE_SALT = "jisr.reports.manage"
# A visitor's link to manage their subscriptions works this long; every e-mail carries a
# fresh one, so an old e-mail that leaks stops opening the page.
MANAGE_DAYS = 60
CONFIRM_DAYS = 7
# The words shown next to the subscribe button; bump when they change.
WORDING = "subscribe-v1"
Method = ConsentRecord.Method
FOLLOWABLE = selectors.FOLLOWABLE


def site_url(path: str) -> str:
    return settings.JISR_SITE_URL.rstrip("/") + path


# --- What can be followed ---------------------------------------------------------------------


def followable(label: str, pk) -> models.Model | None:
    """Return the object a form names ("app.model" and id), None for the organization's
    monthly report, or raise a ValidationError."""
    if label == REPORT_KEY:
        return None
    if label not in FOLLOWABLE:
        raise ValidationError(_("This cannot be followed."))
    model = FOLLOWABLE[label][1]
    try:
        target = model._default_manager.get(pk=int(pk))
    except (TypeError, ValueError, ObjectDoesNotExist) as error:
        raise ValidationError(_("This cannot be followed.")) from error
    if label == "proposals.proposal":
        from jisr.proposals import states
        from jisr.proposals.models import Proposal

        assert isinstance(target, Proposal)
        if target.status not in states.PUBLIC or target.hidden:
            raise ValidationError(_("This cannot be followed."))
    return target


def target_key(target) -> str:
    if target is None:
        return REPORT_KEY
    return f"{target._meta.label_lower}:{target.pk}"


def _target_fields(target) -> dict:
    if target is None:
        return {"target_type": None, "target_id": None}
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


# --- E-mail addresses -------------------------------------------------------------------------

INVISIBLE = {
    "\u200e",
    "\u200f",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",
}


def clean_email(raw: str) -> str:
    """Return the address to store, or raise a ValidationError that says what is wrong.

    Direction marks copied along with Arabic text are dropped. Arabic letters or digits
    before the @ are refused with a plain explanation (most mail servers cannot deliver
    to such addresses); an Arabic domain name is accepted and sent in its ASCII form.
    """
    address = "".join(c for c in raw.strip() if c not in INVISIBLE)
    if not address:
        raise ValidationError(_("Enter your e-mail address."))
    if "@" not in address and "＠" not in address:
        raise ValidationError(_("An e-mail address has an @ in it, like name@example.org."))
    local, _at, domain = address.replace("＠", "@").rpartition("@")
    if any(_is_arabic(c) for c in local):
        raise ValidationError(
            _(
                "The part before the @ contains Arabic letters or digits. Most mail servers "
                "cannot deliver to such addresses: please use an address written in Latin "
                "letters and digits (0-9), like name@example.org."
            )
        )
    if any(_is_arabic(c) for c in domain):
        try:
            ascii_domain = domain.encode("idna").decode("ascii")
        except UnicodeError as error:
            raise ValidationError(_("The part after the @ is not a valid domain name.")) from error
    else:
        ascii_domain = domain
    try:
        validate_email(f"{local}@{ascii_domain}")
    except ValidationError as error:
        raise ValidationError(
            _("This is not a valid e-mail address. Check it for typing mistakes.")
        ) from error
    return f"{local}@{domain.lower()}"


def _is_arabic(char: str) -> bool:
    return "ARABIC" in unicodedata.name(char, "") or "\u06f0" <= char <= "\u06f9"


# --- Signed links -----------------------------------------------------------------------------


class LinkError(ValidationError):
    """A confirmation or unsubscribe link that cannot be used, with the reason."""

    def __init__(self, message, reason: str):
        super().__init__(message)
        self.reason = reason


def _sign(value: uuid.UUID, salt: str) -> str:
    return signing.dumps(value.hex, salt=salt, compress=False)


def _unsign(token: str, salt: str, max_age=None) -> uuid.UUID:
    try:
        return uuid.UUID(hex=signing.loads(token, salt=salt, max_age=max_age))
    except signing.SignatureExpired as error:
        raise LinkError(
            _(
                "This link has expired. Open the same link in a newer e-mail from us, or "
                "subscribe again to receive a new one."
            ),
            "expired",
        ) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkError(
            _("This link is not valid. It may have been cut short: copy the whole link."),
            "invalid",
        ) from error


def confirm_token(subscription: Subscription) -> str:
    return _sign(subscription.key, CONFIRM_SALT)


def unsubscribe_token(subscription_key: uuid.UUID) -> str:
    """The signed link that stops one subscription (each digest section carries its own)."""
    return _sign(subscription_key, UNSUBSCRIBE_SALT)


def unsubscribe_all_token(subscriber: Subscriber) -> str:
    return _sign(subscriber.key, UNSUBSCRIBE_ALL_SALT)


def manage_token(subscriber: Subscriber) -> str:
    return _sign(subscriber.key, MANAGE_SALT)


def subscription_from_token(token: str, *, salt: str, max_age=None) -> Subscription:
    key = _unsign(token, salt, max_age)
    subscription = (
        Subscription.objects.select_related("subscriber", "target_type").filter(key=key).first()
    )
    if subscription is None:
        raise LinkError(
            _("This subscription no longer exists: it was withdrawn, or never confirmed."),
            "gone",
        )
    return subscription


def subscriber_from_token(token: str, *, salt: str, max_age=None) -> Subscriber:
    subscriber = Subscriber.objects.filter(key=_unsign(token, salt, max_age)).first()
    if subscriber is None:
        raise LinkError(_("There are no subscriptions for this address any more."), "gone")
    return subscriber


# --- Following and consent --------------------------------------------------------------------


def _consent(subscriber, action, subscription_or_key, frequency, how, wording=""):
    what = (
        subscription_or_key
        if isinstance(subscription_or_key, str)
        else subscription_or_key.target_key
    )
    ConsentRecord.objects.create(
        subscriber=subscriber,
        action=action,
        what=what,
        frequency=frequency,
        how=how,
        wording=wording,
    )


def member_subscriber(user: User) -> Subscriber:
    subscriber, _created = Subscriber.objects.get_or_create(
        user=user, defaults={"language": user.preferred_language}
    )
    return subscriber


@entry_service
def subscription_follow(
    *, actor: User, target, frequency: str = Frequency.WEEKLY, how: str = Method.MEMBER_FOLLOW
) -> Subscription:
    """A signed-in member follows something; their verified address needs no second
    confirmation."""
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")})
    subscriber = member_subscriber(actor)
    subscription, created = Subscription.objects.get_or_create(
        subscriber=subscriber,
        **_target_fields(target),
        defaults={"frequency": frequency, "confirmed_at": timezone.now()},
    )
    if created:
        _consent(subscriber, ConsentRecord.Action.GIVEN, subscription, frequency, how, WORDING)
        audit_append(
            actor=actor,
            action=Action.SUBSCRIPTION_CREATED,
            target=subscription,
            data={"frequency": frequency},
        )
    return subscription


@entry_service
def subscription_unfollow(*, actor: User, target) -> None:
    subscription = Subscription.objects.filter(
        subscriber__user=actor, **_target_fields(target)
    ).first()
    if subscription is not None:
        _withdraw(subscription, actor=actor, how=Method.MANAGE_PAGE)


@entry_service
def subscription_request(
    *, email: str, target, frequency: str, language: str, consent: bool
) -> Subscription | None:
    """A visitor asks to follow something by e-mail: store it unconfirmed and send the
    confirmation link (double opt-in). Return None when nothing was sent because the
    address already follows it; the page says the same in every case, so it never tells
    whether an address is subscribed. The view limits how often an address and a client
    may ask (``JISR_SUBSCRIBE_RATE_LIMITS``)."""
    errors = {}
    try:
        email = clean_email(email)
    except ValidationError as error:
        errors["email"] = error.messages
    if frequency not in [f.value for f in Frequency if f != Frequency.PAUSED]:
        errors["frequency"] = [_("Choose how often.")]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose a language.")]
    if not consent:
        errors["consent"] = [_("Tick the box to agree to receive these e-mails.")]
    if errors:
        raise ValidationError(errors)
    subscriber: Subscriber | None = (
        Subscriber.objects.select_for_update()
        .annotate(lower=Lower("email"))
        .filter(user__isnull=True, lower=email.lower())
        .first()
    )
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email, language=language)
        except IntegrityError:  # created meanwhile by another request
            subscriber = Subscriber.objects.get(user__isnull=True, email__iexact=email)
    existing = Subscription.objects.filter(subscriber=subscriber, **_target_fields(target)).first()
    if existing is not None and existing.is_confirmed:
        return None
    # One confirmation waits per address: a new request replaces any other unconfirmed
    # one (whose link stops working), so the form cannot pile requests on a mailbox.
    unconfirmed = Subscription.objects.filter(subscriber=subscriber, confirmed_at__isnull=True)
    if existing is not None:
        unconfirmed = unconfirmed.exclude(pk=existing.pk)
    unconfirmed.delete()
    if existing is None:
        existing = Subscription.objects.create(
            subscriber=subscriber, frequency=frequency, **_target_fields(target)
        )
        audit_append(
            actor="anonymous",
            action=Action.SUBSCRIPTION_REQUESTED,
            target=existing,
            data={"frequency": frequency},
        )
    else:
        existing.frequency = frequency
        existing.save(update_fields=["frequency"])
    subscriber.language = language
    subscriber.save(update_fields=["language"])
    _send_confirmation(existing, target)
    return existing


def _send_confirmation(subscription: Subscription, target) -> None:
    subscriber = subscription.subscriber
    context = {
        "what": selectors.target_label(subscription.target_key, target),
        "frequency": Frequency(subscription.frequency).label,
        "link": site_url(reverse("reports:confirm", args=[confirm_token(subscription)])),
        "days": CONFIRM_DAYS,
    }
    with translation.override(subscriber.language):
        subject = _("Confirm your subscription")
        text = render_to_string("reports/email/confirm.txt", context)
        html = render_to_string("reports/email/confirm.html", context)
    message = EmailMultiAlternatives(subject, text, None, [subscriber.email])
    message.attach_alternative(html, "text/html")
    message.send()


@entry_service
def subscription_confirm(*, token: str) -> Subscription:
    """Confirm a visitor's subscription from the link they were e-mailed."""
    subscription = subscription_from_token(
        token, salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRM_DAYS)
    )
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.is_confirmed:
        raise LinkError(_("This subscription is already confirmed. Nothing more to do."), "used")
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])
    _consent(
        subscription.subscriber,
        ConsentRecord.Action.GIVEN,
        subscription,
        subscription.frequency,
        Method.DOUBLE_OPT_IN,
        WORDING,
    )
    audit_append(actor="anonymous", action=Action.SUBSCRIPTION_CONFIRMED, target=subscription)
    return subscription


def _withdraw(subscription: Subscription, *, actor: User | str, how: str) -> None:
    subscriber = subscription.subscriber
    _consent(subscriber, ConsentRecord.Action.WITHDRAWN, subscription, "", how)
    audit_append(
        actor=actor,
        action=Action.SUBSCRIPTION_DELETED,
        object_type="reports.subscription",
        object_id=subscription.pk,
        data={"how": how},
    )
    subscription.delete()
    _forget_if_done(subscriber)


def _forget_if_done(subscriber: Subscriber) -> None:
    """A visitor with nothing left to receive is forgotten, address and consent history
    with them: there is no processing left to justify keeping them."""
    if subscriber.user_id is None and not subscriber.subscriptions.exists():
        subscriber.delete()


@entry_service
def unsubscribe(*, token: str, how: str = Method.UNSUBSCRIBE_LINK) -> Subscription:
    subscription = subscription_from_token(token, salt=UNSUBSCRIBE_SALT)
    actor = subscription.subscriber.user or "anonymous"
    _withdraw(subscription, actor=actor, how=how)
    return subscription


@entry_service
def unsubscribe_all(*, subscriber: Subscriber, how: str, actor: User | str | None = None) -> int:
    """Withdraw everything at once, notices included."""
    subscriptions = list(subscriber.subscriptions.select_related("target_type"))
    for subscription in subscriptions:
        _consent(subscriber, ConsentRecord.Action.WITHDRAWN, subscription, "", how)
    Subscription.objects.filter(subscriber=subscriber).delete()
    audit_append(
        actor=actor or subscriber.user or "anonymous",
        action=Action.SUBSCRIPTION_ALL_WITHDRAWN,
        target=subscriber,
        data={"count": len(subscriptions), "how": how},
    )
    if subscriber.user_id:
        subscriber.notices = Frequency.PAUSED
        subscriber.save(update_fields=["notices"])
    _forget_if_done(subscriber)
    return len(subscriptions)


@entry_service
def subscription_set_frequency(
    *, subscriber: Subscriber, subscription_id: int, frequency: str, how: str = Method.MANAGE_PAGE
) -> Subscription:
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")})
    subscription = Subscription.objects.select_for_update().get(
        pk=subscription_id, subscriber=subscriber
    )
    if subscription.frequency != frequency:
        subscription.frequency = frequency
        subscription.paused_from = ""
        subscription.save(update_fields=["frequency", "paused_from"])
        _consent(subscriber, ConsentRecord.Action.CHANGED, subscription, frequency, how)
        audit_append(
            actor=subscriber.user or "anonymous",
            action=Action.SUBSCRIPTION_CHANGED,
            target=subscription,
            data={"frequency": frequency},
        )
        if frequency != Frequency.PAUSED and subscriber.bounced_at:
            subscriber.bounced_at, subscriber.hard_bounces = None, 0
            subscriber.save(update_fields=["bounced_at", "hard_bounces"])
    return subscription


@entry_service
def subscription_withdraw(*, subscriber: Subscriber, subscription_id: int, how: str) -> None:
    subscription = Subscription.objects.select_related("subscriber", "target_type").get(
        pk=subscription_id, subscriber=subscriber
    )
    _withdraw(subscription, actor=subscriber.user or "anonymous", how=how)


@entry_service
def notices_set_frequency(*, actor: User, frequency: str) -> Subscriber:
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")})
    subscriber = member_subscriber(actor)
    subscriber.notices = frequency
    subscriber.save(update_fields=["notices"])
    _consent(subscriber, ConsentRecord.Action.CHANGED, "notices", frequency, Method.MANAGE_PAGE)
    audit_append(
        actor=actor,
        action=Action.SUBSCRIPTION_NOTICES_CHANGED,
        target=subscriber,
        data={"frequency": frequency},
    )
    return subscriber


@entry_service
def purge_unconfirmed(*, days: int = CONFIRM_DAYS, now=None) -> int:
    """Delete visitors' subscriptions left unconfirmed for ``days`` days, and the
    addresses that have nothing else."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    subscriber_ids = set(stale.values_list("subscriber_id", flat=True))
    count, _counts = stale.delete()
    Subscriber.objects.filter(
        pk__in=subscriber_ids, user__isnull=True, subscriptions__isnull=True
    ).delete()
    if count:
        audit_append(
            actor="system:reports",
            action=Action.SUBSCRIPTION_PURGED,
            object_type="reports.subscription",
            data={"count": count},
        )
    return count


# --- Bounces ----------------------------------------------------------------------------------


@entry_service
def bounce_record(*, subscriber: Subscriber, hard: bool, code: str = "") -> Bounce:
    """Record a bounce; after ``JISR_BOUNCES_TO_PAUSE`` hard bounces in a row every
    subscription of the address is paused (and shown as such) until its owner resumes it."""
    bounce = Bounce.objects.create(
        subscriber=subscriber, kind=Bounce.Kind.HARD if hard else Bounce.Kind.SOFT, code=code[:10]
    )
    if not hard:
        return bounce
    Subscriber.objects.filter(pk=subscriber.pk).update(hard_bounces=models.F("hard_bounces") + 1)
    subscriber.refresh_from_db(fields=["hard_bounces", "bounced_at"])
    if subscriber.hard_bounces >= settings.JISR_BOUNCES_TO_PAUSE and not subscriber.bounced_at:
        subscriber.bounced_at = timezone.now()
        subscriber.save(update_fields=["bounced_at"])
        for subscription in subscriber.subscriptions.exclude(frequency=Frequency.PAUSED):
            subscription.paused_from = subscription.frequency
            subscription.frequency = Frequency.PAUSED
            subscription.save(update_fields=["paused_from", "frequency"])
            _consent(
                subscriber,
                ConsentRecord.Action.PAUSED,
                subscription,
                Frequency.PAUSED,
                Method.BOUNCES,
            )
        audit_append(
            actor="system:bounces",
            action=Action.SUBSCRIPTION_PAUSED_FOR_BOUNCES,
            target=subscriber,
            data={"hard_bounces": subscriber.hard_bounces},
        )
    return bounce


@entry_service
def bounce_record_for_address(*, email: str, hard: bool, code: str = "") -> int:
    """Record a bounce reported by the mail server for every subscriber of the address."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(email__iexact=email).values_list("pk", flat=True)
    subscribers = Subscriber.objects.filter(
        models.Q(user_id__in=list(users)) | models.Q(user__isnull=True, email__iexact=email)
    )
    count = 0
    for subscriber in subscribers:
        bounce_record.within(subscriber=subscriber, hard=hard, code=code)
        count += 1
    return count


def delivered_ok(subscriber_id: int) -> None:
    """A message went through: bounces must be in a row to count."""
    Subscriber.objects.filter(pk=subscriber_id, hard_bounces__gt=0, bounced_at__isnull=True).update(
        hard_bounces=0
    )


# --- Monthly reports --------------------------------------------------------------------------


@entry_service
def report_create(*, actor: User | str, person=None, start: date, end: date) -> MonthlyReport:
    if end < start:
        raise ValidationError({"end": _("The end of the period comes before its start.")})
    if end - start > timedelta(days=366):
        raise ValidationError({"end": _("A report covers at most one year.")})
    # The figures compare with the period before; near year 1 or 9999 that is no date.
    first, last = selectors.REPORT_YEARS
    if not (first <= start.year and end.year <= last):
        raise ValidationError(
            {
                "start": _("Choose a period between %(first)d and %(last)d.")
                % {"first": first, "last": last}
            }
        )
    existing = MonthlyReport.objects.filter(person=person, period_start=start, period_end=end)
    if existing.exists():
        raise ValidationError(_("A report on this period already exists."))
    report = MonthlyReport.objects.create(
        person=person,
        period_start=start,
        period_end=end,
        created_by=actor if isinstance(actor, User) else None,
    )
    audit_append(actor=actor, action=Action.REPORT_CREATED, target=report)
    return report


@entry_service
def report_edit(
    *, actor: User | str, report: MonthlyReport, introduction: str, introduction_en: str = ""
):
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError(_("A published report is frozen and cannot be changed."))
    report.introduction, report.introduction_en = introduction.strip(), introduction_en.strip()
    report.save(update_fields=["introduction", "introduction_en"])
    audit_append(actor=actor, action=Action.REPORT_EDITED, target=report)
    return report


@entry_service
def report_publish(*, actor: User | str, report: MonthlyReport, now=None) -> MonthlyReport:
    """Freeze the report's content and publish it; followers hear of it in their next
    digest."""
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError(_("This report is already published."))
    report.snapshot = selectors.report_data(
        report.person,
        report.period_start,
        report.period_end,
        since=selectors.previous_publication(report),
    )
    report.status = MonthlyReport.Status.PUBLISHED
    report.published_at = now or timezone.now()
    report.published_by = actor if isinstance(actor, User) else None
    report.save()
    audit_append(actor=actor, action=Action.REPORT_PUBLISHED, target=report)
    # Higher apps announce it in the same transaction (the campaigns: the Telegram channel).
    for config in apps.get_app_configs():
        hook = getattr(config, "report_published", None)
        if hook is not None:
            hook(actor=actor, report=report)
    return report


@entry_service
def report_delete(*, actor: User | str, report: MonthlyReport) -> None:
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError(_("A published report stays: publish a correction next month."))
    audit_append(actor=actor, action=Action.REPORT_DELETED, target=report)
    report.delete()


def person_merged(keep, duplicate) -> None:
    """A representative's duplicate record is merged into ``keep``: its monthly reports and
    every follow of it move over (a subscriber who followed both keeps one follow)."""
    periods = ("period_start", "period_end")
    kept = set(keep.monthly_reports.values_list(*periods))
    if kept & set(duplicate.monthly_reports.values_list(*periods)):
        raise ValidationError(
            _("Both records have a monthly report for the same period; delete one first.")
        )
    duplicate.monthly_reports.update(person=keep)
    kind = ContentType.objects.get_for_model(keep)
    follows = Subscription.objects.filter(target_type=kind, target_id=duplicate.pk)
    already = Subscription.objects.filter(target_type=kind, target_id=keep.pk).values("subscriber")
    follows.filter(subscriber__in=already).delete()
    follows.update(target_id=keep.pk)
