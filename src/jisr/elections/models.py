"""Elections: constituencies, lists and their candidates, results, official seats, and the
seat allocations computed by ``allocation`` (stored whole, with the lot and the seed)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.parliament.models import Area, Organization, Person, Term

from .allocation import RULE_SETS


class Community(models.TextChoices):
    """The minority communities with quota seats (allocation.COMMUNITIES)."""

    CHRISTIAN = "christian", _("Christian")
    YAZIDI = "yazidi", _("Yazidi")
    SHABAK = "shabak", _("Shabak")
    SABEAN_MANDAEAN = "sabean-mandaean", _("Sabean-Mandaean")
    FEYLI_KURD = "feyli-kurd", _("Feyli Kurd")


class Election(models.Model):
    class Kind(models.TextChoices):
        PARLIAMENTARY = "parliamentary", _("Council of Representatives")
        PROVINCIAL = "provincial", _("Provincial councils")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    date = models.DateField(_("polling day"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    rule_set = models.CharField(
        _("rule set"), max_length=20, choices=[(code, code) for code in RULE_SETS]
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The allocation shown on the pages: the latest run.
    current_run = models.ForeignKey(
        "AllocationRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set once by certification: the run confirmed and the term its winners joined.
    certified_run = models.ForeignKey(
        "AllocationRun", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    certified_at = models.DateTimeField(null=True, blank=True)
    term = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name=_("term"),
    )

    # Not columns: set by the selectors and the API for display.
    seats_total: int
    seats_allocated: int
    seats_per_list: list[dict]

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self):
        return self.name

    @property
    def is_certified(self) -> bool:
        return self.certified_at is not None


class Constituency(models.Model):
    """A governorate (a district in 2021): its general seats, women's seats among them,
    and its minority quota seats, each community's seats being a district of its own."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="constituencies")
    code = models.CharField(_("code"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, editable=False)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("governorate")
    )
    seats = models.PositiveSmallIntegerField(_("general seats"))
    # None: a quarter of the general seats, rounded up (or the rule set's default).
    women_seats = models.PositiveSmallIntegerField(_("women's seats"), null=True, blank=True)
    # {community: seats}, communities from Community.
    quota_seats = models.JSONField(_("quota seats"), default=dict, blank=True)

    # Not a column: set by the selectors for display.
    allocated: int

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        constraints = [
            models.UniqueConstraint(fields=["election", "code"], name="constituency_code"),
            models.UniqueConstraint(fields=["election", "name_key"], name="constituency_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def quota_total(self) -> int:
        return sum(self.quota_seats.values())

    @property
    def total_seats(self) -> int:
        return self.seats + self.quota_total


class ElectoralList(models.Model):
    """A list on the ballot: an alliance, a party or a single candidate. Its votes are
    counted per constituency; in parliament it is ``organization`` (linked at the latest
    when the result is certified)."""

    class Kind(models.TextChoices):
        ALLIANCE = "alliance", _("Alliance")
        PARTY = "party", _("Party")
        INDIVIDUAL = "individual", _("Individual candidate")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="lists")
    number = models.PositiveIntegerField(_("ballot number"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    name_key = models.CharField(max_length=300, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PARTY)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in parliament"),
    )

    # Not columns: set by the selectors for display.
    seats: int
    party_rows: list[tuple["ListParty", int]]

    class Meta:
        ordering = ["number", "name", "id"]
        verbose_name = _("electoral list")
        verbose_name_plural = _("electoral lists")
        constraints = [
            models.UniqueConstraint(fields=["election", "name_key"], name="list_name"),
            models.UniqueConstraint(fields=["election", "number"], name="list_number"),
        ]

    def __str__(self):
        return self.name


class ListParty(models.Model):
    """A party within an alliance list: its candidates' seats are the party's share."""

    electoral_list = models.ForeignKey(
        ElectoralList, on_delete=models.CASCADE, related_name="parties"
    )
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    name_key = models.CharField(max_length=300, editable=False)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in parliament"),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("party within a list")
        verbose_name_plural = _("parties within lists")
        constraints = [
            models.UniqueConstraint(fields=["electoral_list", "name_key"], name="list_party_name")
        ]

    def __str__(self):
        return self.name


class Candidate(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", _("Woman")
        MALE = "male", _("Man")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    constituency = models.ForeignKey(
        Constituency, on_delete=models.CASCADE, related_name="candidates"
    )
    electoral_list = models.ForeignKey(
        ElectoralList, on_delete=models.CASCADE, related_name="candidates"
    )
    party = models.ForeignKey(
        ListParty,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("party within the list"),
    )
    number = models.PositiveIntegerField(_("ballot number"))
    name = models.CharField(_("name (Arabic script)"), max_length=200)
    name_latin = models.CharField(_("name (Latin script)"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    community = models.CharField(
        _("quota community"), max_length=20, choices=Community.choices, blank=True
    )
    # The representative this candidate is, once known (by certification or by staff).
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidacies"
    )

    # Not a column: set by the selectors for display.
    seat: "Seat | None"

    class Meta:
        ordering = ["electoral_list__number", "number", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["constituency", "electoral_list", "number"], name="candidate_number"
            )
        ]
        indexes = [models.Index(fields=["election", "name_key"])]

    def __str__(self):
        return self.name

    @property
    def is_woman(self) -> bool:
        return self.gender == self.Gender.FEMALE


class ListResult(models.Model):
    """A list's valid votes in a constituency: every ballot for it, with or without a
    candidate."""

    constituency = models.ForeignKey(
        Constituency, on_delete=models.CASCADE, related_name="list_results"
    )
    electoral_list = models.ForeignKey(
        ElectoralList, on_delete=models.CASCADE, related_name="results"
    )
    votes = models.PositiveBigIntegerField(_("votes"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["constituency", "electoral_list"], name="one_list_result"
            )
        ]

    def __str__(self):
        return f"{self.electoral_list_id}@{self.constituency_id}: {self.votes}"


class CandidateResult(models.Model):
    """A candidate's personal votes."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, primary_key=True, related_name="result"
    )
    votes = models.PositiveBigIntegerField(_("votes"))

    def __str__(self):
        return f"{self.candidate_id}: {self.votes}"


class PollingStation(models.Model):
    """A polling station's totals, kept from a station-level import (its rows per candidate
    are added into the candidates' and lists' results, not stored one by one)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stations")
    constituency = models.ForeignKey(
        Constituency, on_delete=models.CASCADE, related_name="stations"
    )
    code = models.CharField(_("station"), max_length=100)
    votes = models.PositiveBigIntegerField(_("valid votes"))

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["election", "code"], name="one_station_code")
        ]

    def __str__(self):
        return self.code


class OfficialSeats(models.Model):
    """The seats the electoral commission announced for a list in a constituency."""

    constituency = models.ForeignKey(
        Constituency, on_delete=models.CASCADE, related_name="official_seats"
    )
    electoral_list = models.ForeignKey(
        ElectoralList, on_delete=models.CASCADE, related_name="official_seats"
    )
    seats = models.PositiveSmallIntegerField(_("seats"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["constituency", "electoral_list"], name="one_official_seats"
            )
        ]

    def __str__(self):
        return f"{self.electoral_list_id}@{self.constituency_id}: {self.seats}"


class AllocationRun(models.Model):
    """One allocation of every seat of an election, from the results as they were."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="runs")
    rule_set = models.CharField(max_length=20)
    # The seed of the draw that settles ties no lot result covers (given or drawn).
    seed = models.BigIntegerField(null=True, blank=True)
    # A fingerprint of the results allocated: certification refuses a stale run.
    inputs_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.election} #{self.pk}"


class ConstituencyAllocation(models.Model):
    """The engine's whole output for one constituency (allocation.ConstituencyResult.as_dict,
    lists and candidates named by tokens that ``naming.py`` turns into names)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="allocations")
    constituency = models.ForeignKey(
        Constituency, on_delete=models.CASCADE, related_name="allocations"
    )
    # The organizer's recorded lot result, as tokens in the order drawn.
    lot_order = models.JSONField(default=list, blank=True)
    seed_used = models.BigIntegerField(null=True, blank=True)
    output = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "constituency"], name="one_allocation")
        ]

    def __str__(self):
        return f"{self.run_id}/{self.constituency_id}"


class Seat(models.Model):
    class Basis(models.TextChoices):
        VOTES = "votes", _("Own votes")
        WOMEN_QUOTA = "women-quota", _("Women's quota")
        COMMUNITY_QUOTA = "community-quota", _("Community quota seat")
        VACANCY = "vacancy", _("Filled a vacancy")

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="seats")
    allocation = models.ForeignKey(
        ConstituencyAllocation, on_delete=models.CASCADE, related_name="seats"
    )
    constituency = models.ForeignKey(Constituency, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="seats")
    electoral_list = models.ForeignKey(ElectoralList, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(
        ListParty, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    basis = models.CharField(max_length=20, choices=Basis.choices)
    community = models.CharField(max_length=20, choices=Community.choices, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["run", "electoral_list"])]

    def __str__(self):
        return f"{self.run_id}: {self.candidate_id}"
