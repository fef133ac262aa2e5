"""Parliament in the Popolo model: people, organizations, memberships, terms, sittings,
and what the members do there (votes, bills, questions, speeches, committee work,
attendance)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A governorate (or another constituency) that members represent."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    identifier = models.CharField(_("identifier"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")

    def __str__(self):
        return self.name


class Organization(models.Model):
    class Classification(models.TextChoices):
        LEGISLATURE = "legislature", _("Legislature")
        ALLIANCE = "alliance", _("Alliance")
        PARTY = "party", _("Party")
        COMMITTEE = "committee", _("Committee")
        MINISTRY = "ministry", _("Ministry")

    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    classification = models.CharField(
        _("kind"), max_length=20, choices=Classification.choices, db_index=True
    )
    # A party can sit inside an alliance; a committee inside the legislature.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    name_key = models.CharField(max_length=300, db_index=True, editable=False)
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name


class Person(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", _("Woman")
        MALE = "male", _("Man")
        UNKNOWN = "", _("Not recorded")

    name = models.CharField(_("name (Arabic script)"), max_length=200)
    name_latin = models.CharField(_("name (Latin script)"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # Folded Arabic spelling of the name (core.text.arabic.name_key): finds the same
    # person written with other hamza forms, ة/ه, ى/ي, ھ/ه or diacritics.
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self):
        return self.name

    @property
    def site_id(self) -> str:
        """The id this site gives the person (its Popolo export uses it when no imported
        id is stored); every importer accepts it, whatever the chosen scheme."""
        return f"{PERSON_SITE_ID_PREFIX}{self.pk}"

    @property
    def initials(self) -> str:
        """The first letters of the first and last names, for an avatar when there is no
        photo. A zero-width non-joiner keeps two Arabic letters apart instead of joined."""
        words = [w for w in self.name.split() if w]
        if not words:
            return ""

        def first(word: str) -> str:
            # The article is not the name: «النجمي» gives «ن».
            return word[2] if word.startswith("ال") and len(word) > 2 else word[0]

        letters = [first(words[0])] + ([first(words[-1])] if len(words) > 1 else [])
        return "\u200c".join(letters)


PERSON_SITE_ID_PREFIX = "jisr:person/"


class MergedPerson(models.Model):
    """A person record merged into another: its old address leads to the one kept."""

    old_id = models.PositiveBigIntegerField(unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merged_from")
    merged_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_id} → {self.person_id}"


class OtherName(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(_("name"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)

    def __str__(self):
        return self.name


class ContactDetail(models.Model):
    """A public channel of a representative's office (never a private one)."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        WEBSITE = "website", _("Website")
        FACEBOOK = "facebook", "Facebook"
        X = "x", "X"
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=300)
    label = models.CharField(_("label"), max_length=100, blank=True)

    def __str__(self):
        return f"{self.kind}: {self.value}"


class PersonIdentifier(models.Model):
    """The person's id in another scheme (everypolitician_legacy, wikidata …)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=100)
    identifier = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "identifier"], name="unique_person_id")
        ]

    def __str__(self):
        return f"{self.scheme}:{self.identifier}"


class OrganizationIdentifier(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="identifiers"
    )
    scheme = models.CharField(max_length=100)
    identifier = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "identifier"], name="unique_org_id")
        ]

    def __str__(self):
        return f"{self.scheme}:{self.identifier}"


class Term(models.Model):
    """A legislative period of a legislature."""

    legislature = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="terms",
        limit_choices_to={"classification": Organization.Classification.LEGISLATURE},
    )
    identifier = models.CharField(max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        CHAIR = "chair", _("Chair")
        DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
        RAPPORTEUR = "rapporteur", _("Rapporteur")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    # The party or list the member was elected for.
    on_behalf_of = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_by",
        verbose_name=_("elected for"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("governorate")
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["organization", "term"])]

    def __str__(self):
        return f"{self.person} – {self.organization}"

    def covers(self, day) -> bool:
        """Whether the membership was current on the given day."""
        start = self.start_date or (self.term.start_date if self.term else None)
        end = self.end_date or (self.term.end_date if self.term else None)
        return (start is None or start <= day) and (end is None or day <= end)


class Sitting(models.Model):
    """A dated meeting of parliament."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sittings")
    date = models.DateField(_("date"), db_index=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    # When the sitting was called for and when it began, and whether the quorum was there.
    scheduled_start = models.TimeField(_("scheduled start"), null=True, blank=True)
    actual_start = models.TimeField(_("actual start"), null=True, blank=True)
    quorum_reached = models.BooleanField(_("quorum reached"), null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["term", "date", "number"], name="unique_sitting")
        ]

    def __str__(self):
        return self.title or str(self.date)

    @property
    def delay_minutes(self) -> int | None:
        """How many minutes after the scheduled time the sitting began (None: not known)."""
        if self.scheduled_start is None or self.actual_start is None:
            return None
        scheduled = self.scheduled_start.hour * 60 + self.scheduled_start.minute
        actual = self.actual_start.hour * 60 + self.actual_start.minute
        return actual - scheduled


class Recorded(models.Model):
    """Where a record comes from and who entered it."""

    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    document_ref = models.CharField(_("document reference"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class BillPhase(models.Model):
    """A phase of the bill procedure, configured per term by staff (Parlameter's idea): the
    path a bill takes, in order, each explained in plain language. A new term starts with
    ``Bill.Stage``'s eight phases (``services.bill_phases_seed``); bills store the code."""

    class Outcome(models.TextChoices):
        NONE = "", _("Still under way")
        PASSED = "passed", _("Passed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="bill_phases")
    code = models.SlugField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    explanation = models.TextField(_("explanation in plain language"), blank=True)
    explanation_en = models.TextField(_("explanation in English"), blank=True)
    # A terminal phase ends the bill's path; its outcome says how.
    is_terminal = models.BooleanField(_("ends the procedure"), default=False)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["term", "order", "id"]
        verbose_name = _("bill phase")
        verbose_name_plural = _("bill phases")
        constraints = [
            models.UniqueConstraint(fields=["term", "code"], name="unique_bill_phase_code")
        ]

    def __str__(self):
        return self.name


class Bill(Recorded):
    # The phases a new term starts with (and the names shown when a term has no phase of
    # that code): ``BillPhase`` holds each term's own list.
    class Stage(models.TextChoices):
        INTRODUCED = "introduced", _("Introduced")
        FIRST_READING = "first_reading", _("First reading")
        SECOND_READING = "second_reading", _("Second reading")
        COMMITTEE = "committee", _("In committee")
        VOTE = "vote", _("Put to the vote")
        PASSED = "passed", _("Passed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="bills")
    title = models.CharField(_("title"), max_length=500)
    number = models.CharField(_("number"), max_length=50, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    introduced_on = models.DateField(_("introduced on"))
    # The code of the bill's current phase (a ``BillPhase`` of its term).
    stage = models.CharField(_("phase"), max_length=20)
    # What the bill does, in plain language, written by staff.
    explainer = models.TextField(_("what the bill does, in plain language"), blank=True)
    explainer_en = models.TextField(_("what the bill does, in English"), blank=True)
    sponsors = models.ManyToManyField(Person, related_name="bills", blank=True)

    class Meta:
        ordering = ["-introduced_on"]

    def __str__(self):
        return self.title


class BillStage(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("phase"), max_length=20)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.bill}: {self.stage}"


VOTE_COUNT_OPTIONS = ("yes", "no", "abstain", "absent", "not_voting")


class VoteEvent(Recorded):
    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    class Method(models.TextChoices):
        ROLL_CALL = "roll_call", _("Electronic roll call")
        SHOW_OF_HANDS = "show_of_hands", _("Show of hands")
        SECRET_BALLOT = "secret_ballot", _("Secret ballot")
        UNKNOWN = "unknown", _("Not known")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="vote_events")
    sitting = models.ForeignKey(
        Sitting, on_delete=models.SET_NULL, null=True, blank=True, related_name="vote_events"
    )
    bill = models.ForeignKey(
        Bill, on_delete=models.SET_NULL, null=True, blank=True, related_name="vote_events"
    )
    date = models.DateField(_("date"), db_index=True)
    motion = models.CharField(_("motion"), max_length=500)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    # How the vote was taken. Iraq's chamber votes mostly by show of hands: who voted how is
    # then unknown, and no Vote row may exist for the event (the database refuses one too).
    method = models.CharField(
        _("how the vote was taken"),
        max_length=20,
        choices=Method.choices,
        default=Method.UNKNOWN,
    )
    individual_votes_known = models.BooleanField(_("individual votes known"), default=False)
    # A vote the organization follows closely: its representatives' offices are asked to
    # explain their vote.
    is_key = models.BooleanField(_("key vote"), default=False)
    # Counted once when the votes are recorded, so lists never count rows per request.
    yes_count = models.PositiveIntegerField(default=0)
    no_count = models.PositiveIntegerField(default=0)
    abstain_count = models.PositiveIntegerField(default=0)
    absent_count = models.PositiveIntegerField(default=0)
    not_voting_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            # Individual votes are known only for a roll call.
            models.CheckConstraint(
                condition=models.Q(individual_votes_known=False) | models.Q(method="roll_call"),
                name="individual_votes_only_by_roll_call",
            )
        ]

    def __str__(self):
        return self.motion

    @property
    def how_taken(self):
        """The plain sentence the vote's page says about how it was taken."""
        if self.individual_votes_known:
            return _("By electronic roll call: each member's vote was recorded.")
        if self.method == self.Method.ROLL_CALL:
            return _("By electronic roll call, but the individual votes were not published.")
        if self.method == self.Method.SHOW_OF_HANDS:
            return _("By show of hands: individual votes were not recorded.")
        if self.method == self.Method.SECRET_BALLOT:
            return _("By secret ballot: individual votes are secret.")
        return _("How the vote was taken is not known; individual votes were not recorded.")

    @property
    def has_counts(self) -> bool:
        return any(getattr(self, f"{option}_count") for option in VOTE_COUNT_OPTIONS)


class Vote(models.Model):
    class Option(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")
        ABSENT = "absent", _("Absent")
        NOT_VOTING = "not_voting", _("Did not vote")

    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="votes")
    option = models.CharField(_("vote"), max_length=12, choices=Option.choices)
    # The party the member sat for on that day, kept so votes group by party fast.
    party = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote_event", "person"], name="one_vote_per_person")
        ]
        # Covers a member's votes and their scorecard counts (index-only on PostgreSQL).
        indexes = [
            models.Index(
                fields=["person", "vote_event"],
                include=["option", "party", "id"],
                name="vote_by_person",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.option}"

    def save(self, *args, **kwargs):
        # Never a per-person vote nobody recorded (the database refuses it as well).
        if self._state.adding and not self.vote_event.individual_votes_known:
            raise ValidationError(
                _("Individual votes of this vote event are not known: no vote can be recorded.")
            )
        super().save(*args, **kwargs)


class AnnouncedPosition(models.Model):
    """A position a representative announced on a vote event after it (a statement, a
    speech, the press, an answer from their office). Shown as announced, never as a
    recorded vote, never counted in a vote's totals."""

    class Position(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAINED = "abstained", _("Abstained")
        DID_NOT_VOTE = "did_not_vote", _("Did not take part")

    class Source(models.TextChoices):
        STATEMENT = "statement", _("Public statement")
        SPEECH = "speech", _("Speech")
        PRESS = "press", _("Press")
        OFFICE_ANSWER = "office_answer", _("Answer from their office")

    vote_event = models.ForeignKey(
        VoteEvent, on_delete=models.CASCADE, related_name="announced_positions"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="announced_positions")
    position = models.CharField(_("announced position"), max_length=20, choices=Position.choices)
    source_kind = models.CharField(_("source"), max_length=20, choices=Source.choices)
    url = models.URLField(_("source address"), max_length=500, blank=True)
    quote = models.TextField(_("quote"), blank=True)
    date = models.DateField(_("announced on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(quote=""),
                name="announced_position_has_source",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.position}"


class VoteExplanation(models.Model):
    """A representative's (or their office's) explanation of their vote or stance on a vote
    event or a bill. An explanation, never a recorded vote."""

    class Source(models.TextChoices):
        OFFICE_ANSWER = "office_answer", _("Answer from their office")
        STATEMENT = "statement", _("Public statement")
        SPEECH = "speech", _("Speech")
        PRESS = "press", _("Press")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="vote_explanations")
    vote_event = models.ForeignKey(
        VoteEvent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="explanations",
    )
    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, null=True, blank=True, related_name="explanations"
    )
    text = models.TextField(_("explanation"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    url = models.URLField(_("source address"), max_length=500, blank=True)
    date = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            # On a vote event or on a bill, never both, never neither.
            models.CheckConstraint(
                condition=(
                    models.Q(vote_event__isnull=False, bill__isnull=True)
                    | models.Q(vote_event__isnull=True, bill__isnull=False)
                ),
                name="explanation_of_one_record",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.text[:40]}"


class Question(Recorded):
    class Kind(models.TextChoices):
        ORAL = "oral", _("Oral")
        WRITTEN = "written", _("Written")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="questions")
    asked_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="questions")
    ministry = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="questions",
        limit_choices_to={"classification": Organization.Classification.MINISTRY},
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    asked_on = models.DateField(_("asked on"))
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("question"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["-asked_on"]

    def __str__(self):
        return self.title


class Activity(Recorded):
    """One entry of a representative's timeline.

    Speeches and committee work live here whole; a sponsored bill or an asked question
    also gets an entry pointing at it, so one indexed table serves the timeline.
    """

    class Kind(models.TextChoices):
        BILL = "bill", _("Bill sponsored")
        QUESTION = "question", _("Question asked")
        SPEECH = "speech", _("Speech or statement")
        COMMITTEE = "committee", _("Committee work")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="activities")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    sitting = models.ForeignKey(Sitting, on_delete=models.SET_NULL, null=True, blank=True)
    committee = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"classification": Organization.Classification.COMMITTEE},
    )
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, null=True, blank=True)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["person", "-date", "-id"]),
            # Covers the scorecard's counts by kind and month (index-only on PostgreSQL).
            models.Index(
                fields=["person", "term", "kind", "date"], include=["id"], name="activity_scorecard"
            ),
            models.Index(fields=["term", "-date"]),
        ]

    def __str__(self):
        return self.title


class AttendanceFacts(models.Model):
    """What an attendance row says beyond present or absent: why a member was absent and
    who says so."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Absent with excuse")

    class Reason(models.TextChoices):
        NONE = "", _("No reason recorded")
        MISSION = "mission", _("Official mission")
        MEDICAL = "medical", _("Medical leave")
        EXEMPTION = "exemption", _("Service exemption")
        UNEXCUSED = "unexcused", _("Unexcused")
        UNKNOWN = "unknown", _("Reason unknown")

    class Source(models.TextChoices):
        NONE = "", _("Source not recorded")
        OFFICIAL = "official", _("Official list")
        OBSERVER = "observer", _("Observer")
        PRESS = "press", _("Press")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    reason = models.CharField(
        _("reason for the absence"), max_length=10, choices=Reason.choices, blank=True, default=""
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, blank=True, default=""
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)

    class Meta:
        abstract = True


# The reasons that excuse an absence, and those that do not.
EXCUSED_REASONS = frozenset(
    {
        AttendanceFacts.Reason.MISSION,
        AttendanceFacts.Reason.MEDICAL,
        AttendanceFacts.Reason.EXEMPTION,
    }
)
UNEXCUSED_REASONS = frozenset({AttendanceFacts.Reason.UNEXCUSED})


class Attendance(AttendanceFacts):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sitting", "person"], name="one_attendance_per_sitting")
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self):
        return f"{self.person}: {self.status}"


class CommitteeMeeting(models.Model):
    """A dated meeting of a committee (Marsad Majles follows, say, the diaspora deputies'
    presence in the committee for citizens abroad)."""

    committee = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="meetings",
        limit_choices_to={"classification": Organization.Classification.COMMITTEE},
        verbose_name=_("committee"),
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="committee_meetings")
    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")

    def __str__(self):
        return self.title or f"{self.committee} {self.date}"


class CommitteeAttendance(AttendanceFacts):
    meeting = models.ForeignKey(
        CommitteeMeeting, on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="committee_attendance"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="one_attendance_per_committee_meeting"
            )
        ]
        indexes = [models.Index(fields=["person", "status"], name="committee_attendance_person")]

    def __str__(self):
        return f"{self.person}: {self.status}"
