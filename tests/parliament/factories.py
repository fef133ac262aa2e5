"""Factories for the parliament records, for tests that need rows rather than the rules.

They write straight to the models, skipping the services' checks (membership on the
day, audit entries), so build through ``jisr.parliament.services`` when the test is about
those. What the services derive is derived here the same way: ``name_key`` from the
name, a vote's party from the member's seat, and a vote event's counts from its votes.

    seat = MembershipFactory()                          # a seat in a legislature's term
    VoteFactory(vote_event__term=seat.term, person=seat.person, option="no")
    CommitteeMembershipFactory(person=seat.person, term=seat.term)
"""

from datetime import date, timedelta

import factory
from django.db.models import F

from jisr.core.text.arabic import name_key
from jisr.parliament.models import (
    Activity,
    AnnouncedPosition,
    Area,
    Bill,
    ContactDetail,
    Membership,
    Organization,
    OtherName,
    Person,
    PersonIdentifier,
    Question,
    Sitting,
    Term,
    Vote,
    VoteEvent,
    VoteExplanation,
)

CLS = Organization.Classification
TERM_START = date(2022, 1, 9)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("identifier",)

    name = factory.Sequence(lambda n: f"محافظة {n}")
    name_en = factory.Sequence(lambda n: f"Governorate {n}")
    identifier = factory.Sequence(lambda n: f"test/area-{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A party unless told otherwise; see the subclasses for the other kinds."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"حزب الاختبار {n}")
    name_en = factory.Sequence(lambda n: f"Test party {n}")
    classification = CLS.PARTY
    parent = None
    name_key = factory.LazyAttribute(lambda o: name_key(o.name))
    is_fictional = True


class LegislatureFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"مجلس النواب {n}")
    name_en = factory.Sequence(lambda n: f"Council of Representatives {n}")
    classification = CLS.LEGISLATURE


class AllianceFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"تحالف الاختبار {n}")
    name_en = factory.Sequence(lambda n: f"Test alliance {n}")
    classification = CLS.ALLIANCE


class PartyFactory(OrganizationFactory):
    """A party on its own; pass ``parent=AllianceFactory()`` to place it in an alliance."""

    classification = CLS.PARTY


class CommitteeFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"لجنة الاختبار {n}")
    name_en = factory.Sequence(lambda n: f"Test committee {n}")
    classification = CLS.COMMITTEE


class MinistryFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"وزارة الاختبار {n}")
    name_en = factory.Sequence(lambda n: f"Test ministry {n}")
    classification = CLS.MINISTRY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"نائب الاختبار {n}")
    name_latin = factory.Sequence(lambda n: f"Test Member {n}")
    gender = factory.Iterator([Person.Gender.FEMALE, Person.Gender.MALE])
    birth_year = 1975
    summary = ""
    name_key = factory.LazyAttribute(lambda o: name_key(o.name))
    is_fictional = True


class OtherNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OtherName

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"اسم آخر {n}")


class ContactDetailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactDetail

    person = factory.SubFactory(PersonFactory)
    kind = ContactDetail.Kind.EMAIL
    value = factory.Sequence(lambda n: f"office{n}@parliament.test.invalid")


class PersonIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonIdentifier

    person = factory.SubFactory(PersonFactory)
    scheme = "wikidata"
    identifier = factory.Sequence(lambda n: f"Q{900000 + n}")


class TermFactory(factory.django.DjangoModelFactory):
    """A term of its own new legislature; pass ``legislature=`` to share one."""

    class Meta:
        model = Term

    legislature = factory.SubFactory(LegislatureFactory)
    identifier = factory.Sequence(lambda n: f"test/term-{n}")
    name = factory.Sequence(lambda n: f"الدورة {n}")
    name_en = factory.Sequence(lambda n: f"Term {n}")
    start_date = TERM_START
    end_date = None


class MembershipFactory(factory.django.DjangoModelFactory):
    """A seat: membership of the term's legislature, elected for a party in a governorate.

    For any other membership pass ``organization=``, and ``on_behalf_of=None,
    area=None`` if they don't apply (or use CommitteeMembershipFactory).
    """

    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    term = factory.SubFactory(TermFactory)
    organization = factory.LazyAttribute(
        lambda o: o.term.legislature if o.term else LegislatureFactory()
    )
    role = Membership.Role.MEMBER
    on_behalf_of = factory.SubFactory(PartyFactory)
    area = factory.SubFactory(AreaFactory)
    start_date = factory.LazyAttribute(lambda o: o.term.start_date if o.term else None)
    end_date = None


class CommitteeMembershipFactory(MembershipFactory):
    organization = factory.SubFactory(CommitteeFactory)
    on_behalf_of = None
    area = None


class SittingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sitting

    term = factory.SubFactory(TermFactory)
    date = factory.Sequence(lambda n: TERM_START + timedelta(days=n))
    number = factory.Sequence(lambda n: n + 1)


class BillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bill

    term = factory.SubFactory(TermFactory)
    title = factory.Sequence(lambda n: f"مشروع قانون الاختبار {n}")
    number = factory.Sequence(lambda n: str(n + 1))
    introduced_on = factory.LazyAttribute(lambda o: o.term.start_date + timedelta(days=7))
    stage = Bill.Stage.INTRODUCED


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    term = factory.SubFactory(TermFactory)
    asked_by = factory.SubFactory(PersonFactory)
    ministry = factory.SubFactory(MinistryFactory)
    kind = Question.Kind.WRITTEN
    asked_on = factory.LazyAttribute(lambda o: o.term.start_date + timedelta(days=7))
    title = factory.Sequence(lambda n: f"سؤال الاختبار {n}")


class VoteEventFactory(factory.django.DjangoModelFactory):
    """A roll call with no votes yet: VoteFactory adds them and keeps the counts. Pass
    ``method=VoteEvent.Method.SHOW_OF_HANDS, individual_votes_known=False`` for a vote
    whose individual votes are unknown."""

    class Meta:
        model = VoteEvent

    term = factory.SubFactory(TermFactory)
    date = factory.LazyAttribute(lambda o: o.term.start_date + timedelta(days=30))
    motion = factory.Sequence(lambda n: f"اقتراح الاختبار {n}")
    result = VoteEvent.Result.PASSED
    method = VoteEvent.Method.ROLL_CALL
    individual_votes_known = True


def _seat_party(vote):
    """The party the person sat for in the event's term, as vote_event_record sets it."""
    seat = (
        Membership.objects.filter(
            person=vote.person,
            term=vote.vote_event.term,
            organization__classification=CLS.LEGISLATURE,
        )
        .order_by("-start_date", "-id")
        .first()
    )
    return seat.on_behalf_of if seat else None


class VoteFactory(factory.django.DjangoModelFactory):
    """One member's vote; the event's count for the option goes up by one."""

    class Meta:
        model = Vote

    vote_event = factory.SubFactory(VoteEventFactory)
    person = factory.SubFactory(PersonFactory)
    option = Vote.Option.YES
    party = factory.LazyAttribute(_seat_party)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        vote = super()._create(model_class, *args, **kwargs)
        field = f"{vote.option}_count"
        VoteEvent.objects.filter(pk=vote.vote_event_id).update(**{field: F(field) + 1})
        setattr(vote.vote_event, field, getattr(vote.vote_event, field) + 1)
        return vote


class AnnouncedPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnouncedPosition

    vote_event = factory.SubFactory(
        VoteEventFactory,
        method=VoteEvent.Method.SHOW_OF_HANDS,
        individual_votes_known=False,
    )
    person = factory.SubFactory(PersonFactory)
    position = AnnouncedPosition.Position.FOR
    source_kind = AnnouncedPosition.Source.STATEMENT
    url = "https://example.org/statement"
    quote = "صوّتُ مع القانون"
    date = factory.LazyAttribute(lambda o: o.vote_event.date + timedelta(days=1))


class VoteExplanationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoteExplanation

    person = factory.SubFactory(PersonFactory)
    vote_event = factory.SubFactory(VoteEventFactory)
    text = "شرح التصويت للاختبار"
    source = VoteExplanation.Source.STATEMENT
    date = factory.LazyAttribute(lambda o: (o.vote_event or o.bill).term.start_date)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A speech; pass ``kind=`` and what it points at (committee, bill, question) for others."""

    class Meta:
        model = Activity

    person = factory.SubFactory(PersonFactory)
    term = factory.SubFactory(TermFactory)
    kind = Activity.Kind.SPEECH
    date = factory.LazyAttribute(lambda o: o.term.start_date + timedelta(days=30))
    title = factory.Sequence(lambda n: f"مداخلة الاختبار {n}")
    summary = ""
