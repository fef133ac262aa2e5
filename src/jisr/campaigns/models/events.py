"""Events: what the community gathers for, when (timeslots with a capacity) and who comes.

Where an event is and how to join it online are told only to the people registered for it;
who came is never public unless each attendee chose to be listed. A registration stores no
referrer and no tracking parameter: only the member, the timeslot and the state.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Event",
    "EventAudience",
    "EventFormat",
    "EventKind",
    "EventStatus",
    "PhotoConsent",
    "Registration",
    "RegistrationStatus",
    "Timeslot",
]


class EventKind(models.TextChoices):
    FUNDRAISER = "fundraiser", _("Fundraiser")
    RALLY = "rally", _("Rally")
    TOWN_HALL = "town_hall", _("Town hall with a representative")
    PHONE_BANK = "phone_bank", _("Phone or WhatsApp bank")
    HOUSE_GATHERING = "house_gathering", _("House gathering")
    TRAINING = "training", _("Training")
    VOTING_HELP = "voting_help", _("Help with voting abroad")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class EventAudience(models.TextChoices):
    PUBLIC = "public", _("Anyone can see it")
    # A sensitive gathering: visitors do not even learn that it exists.
    MEMBERS = "members", _("Members only")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    CLOSED = "closed", _("Closed, with its report")


class PhotoConsent(models.TextChoices):
    NONE = "none", _("No photographs")
    ASK = "ask", _("Photographs only of people who agree")
    ALLOWED = "allowed", _("Photographs may be taken")


class Event(models.Model):
    if TYPE_CHECKING:  # what the public pages add for their templates (views)
        display_title: str

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    audience = models.CharField(
        _("who can see it"),
        max_length=10,
        choices=EventAudience.choices,
        default=EventAudience.PUBLIC,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    #: Public: the city (or "online"), never more.
    city = models.CharField(_("city"), max_length=100, blank=True)
    #: Shown only to registered people.
    address = models.TextField(_("address"), blank=True)
    online_url = models.URLField(_("link to join online"), blank=True)
    private_instructions = models.TextField(_("instructions for those registered"), blank=True)
    photo_consent = models.CharField(
        _("photographs"), max_length=10, choices=PhotoConsent.choices, default=PhotoConsent.ASK
    )
    #: Whether attendees may choose to appear (by display name) on the public page.
    attendance_listing = models.BooleanField(
        _("attendees may choose to be listed publicly"), default=False
    )
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("hosts"), blank=True, related_name="hosted_events"
    )
    #: Money raised at the event is counted in this treasury campaign.
    treasury_campaign = models.ForeignKey(
        "treasury.Campaign",
        verbose_name=_("treasury campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("event")

    def __str__(self):
        return self.title


class Timeslot(models.Model):
    if TYPE_CHECKING:  # what the event's page adds (event_selectors.timeslots_with_places)
        holding: int
        waiting: int
        left: int | None
        started: bool
        mine: "Registration | None"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="timeslots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    #: Empty: no limit.
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("timeslot")
        indexes = [models.Index(fields=["starts_at"], name="campaigns_slot_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="campaigns_slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="campaigns_slot_capacity_positive",
            ),
        ]

    def __str__(self):
        return f"{self.event} {self.starts_at:%Y-%m-%d %H:%M}"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    # Promoted from the waiting list: the place is held until ``offered_until``.
    OFFERED = "offered", _("A place is offered")
    CANCELLED = "cancelled", _("Cancelled")


#: The states that hold a place (counted against the capacity).
HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)


class Registration(models.Model):
    if TYPE_CHECKING:  # what "my events" adds for its template
        display_title: str

    timeslot = models.ForeignKey(Timeslot, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    #: The check-in code, from an alphabet without look-alike characters.
    code = models.CharField(max_length=12, unique=True)
    offered_until = models.DateTimeField(null=True, blank=True)
    #: The attendee's own choice to appear by display name on the public page.
    listed = models.BooleanField(default=False)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminded_day_before_at = models.DateTimeField(null=True, blank=True)
    reminded_hours_before_at = models.DateTimeField(null=True, blank=True)
    #: Waiting-list order: first come, first promoted (then ``pk``).
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        indexes = [
            models.Index(fields=["timeslot", "status", "created_at"], name="campaigns_reg_queue"),
            # "My events", the export and the erasure: a member's own registrations.
            models.Index(fields=["user", "status"], name="campaigns_reg_user"),
            # The periodic expiry reads only the places on offer.
            models.Index(
                fields=["offered_until"],
                condition=Q(status="offered"),
                name="campaigns_reg_offer_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["timeslot", "user"],
                condition=~Q(status="cancelled"),
                name="campaigns_one_live_registration",
            ),
        ]

    def __str__(self):
        return self.code
