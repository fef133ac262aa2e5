"""The parliament's records in the search index (``jisr.search``): what each is found by.

The services call these in the transaction of every write; ``ParliamentConfig`` hands
``search_types`` to ``jisr manage search_rebuild`` and removes the document of any
record deleted (a merge, a cascade, a repair in the technical admin).

Everything recorded here is public. What is not public is never indexed: who entered a
record (``recorded_by``), the representatives' followers. Bills and questions are found
as themselves, so the timeline entries that point to them are not indexed twice.
"""

from collections.abc import Iterable, Iterator

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.search import services as search
from jisr.search.documents import Document
from jisr.search.registry import SearchType

from .models import Activity, Area, Bill, Membership, Organization, Person, Question, VoteEvent

PERSON = "person"
ORGANIZATION = "organization"
ACTIVITY = "activity"
VOTE_EVENT = "vote_event"
BILL = "bill"
QUESTION = "question"
INDEXED_ACTIVITIES = (Activity.Kind.SPEECH, Activity.Kind.COMMITTEE)
LEGISLATURE = Organization.Classification.LEGISLATURE


def governorates_of(person_ids: Iterable[int]) -> dict[int, str]:
    """The governorate (area id, as the index's key) of each person's latest seat."""
    seats = (
        Membership.objects.filter(
            person_id__in=list(person_ids),
            organization__classification=LEGISLATURE,
            area__isnull=False,
        )
        .order_by("person_id", "term__start_date", "start_date", "id")
        .values_list("person_id", "area_id")
    )
    return {person_id: str(area_id) for person_id, area_id in seats}  # the latest wins


# --- Documents ----------------------------------------------------------------------------


def person_document(person: Person, governorate: str = "") -> Document:
    names = [o.name for o in person.other_names.all()] + [person.name_latin]
    return Document(
        doc_type=PERSON,
        object_id=person.pk,
        title=person.name,
        text=person.summary,
        url=reverse("parliament:representative", args=[person.pk]),
        names=tuple(n for n in names if n),
        title_is_name=True,
        governorate=governorate,
    )


def organization_document(organization: Organization) -> Document:
    return Document(
        doc_type=ORGANIZATION,
        object_id=organization.pk,
        title=organization.name,
        url=reverse("parliament:organization", args=[organization.pk]),
        names=(organization.name_en,) if organization.name_en else (),
        title_is_name=True,
    )


def activity_document(activity: Activity, person_name: str, governorate: str = "") -> Document:
    url = reverse("parliament:representative", args=[activity.person_id])
    return Document(
        doc_type=ACTIVITY,
        object_id=activity.pk,
        title=activity.title,
        text=activity.summary,
        url=f"{url}?kind={activity.kind}#timeline",
        context=person_name,
        date=activity.date,
        governorate=governorate,
    )


def vote_event_document(event: VoteEvent, bill_title: str = "") -> Document:
    return Document(
        doc_type=VOTE_EVENT,
        object_id=event.pk,
        title=event.motion,
        text=bill_title,
        url=reverse("parliament:vote_event", args=[event.pk]),
        date=event.date,
    )


def bill_document(bill: Bill) -> Document:
    return Document(
        doc_type=BILL,
        object_id=bill.pk,
        title=bill.title,
        text="\n".join(t for t in (bill.number, bill.summary) if t),
        url=reverse("parliament:bill", args=[bill.pk]),
        date=bill.introduced_on,
    )


def question_document(question: Question, asker_name: str, governorate: str = "") -> Document:
    return Document(
        doc_type=QUESTION,
        object_id=question.pk,
        title=question.title,
        text="\n\n".join(t for t in (question.body, question.answer) if t),
        url=reverse("parliament:question", args=[question.pk]),
        context=asker_name,
        date=question.asked_on,
        governorate=governorate,
    )


# --- Indexing, called by the services in their transaction --------------------------------


def index_person(person: Person) -> None:
    governorate = governorates_of([person.pk]).get(person.pk, "")
    search.index_documents([person_document(person, governorate)])


def index_people(person_ids: Iterable[int]) -> None:
    ids = set(person_ids)
    if not ids:
        return
    governorates = governorates_of(ids)
    people = Person.objects.filter(pk__in=ids).prefetch_related("other_names")
    search.index_documents(person_document(p, governorates.get(p.pk, "")) for p in people)


def index_person_records(person: Person) -> None:
    """Index the person's speeches, committee work and questions again: they show the
    person's name and link to the person's page, and share their governorate."""
    governorate = governorates_of([person.pk]).get(person.pk, "")
    activities = Activity.objects.filter(person=person, kind__in=INDEXED_ACTIVITIES)
    questions = Question.objects.filter(asked_by=person)
    search.index_documents(
        [activity_document(a, person.name, governorate) for a in activities.iterator()]
        + [question_document(q, person.name, governorate) for q in questions.iterator()]
    )


def seat_changed(person: Person) -> None:
    """A seat was recorded: the person's governorate may have changed with it."""
    governorate = governorates_of([person.pk]).get(person.pk, "")
    index_person(person)
    ids = Activity.objects.filter(person=person, kind__in=INDEXED_ACTIVITIES).values_list(
        "pk", flat=True
    )
    search.set_governorate(doc_type=ACTIVITY, object_ids=ids, governorate=governorate)
    question_ids = Question.objects.filter(asked_by=person).values_list("pk", flat=True)
    search.set_governorate(doc_type=QUESTION, object_ids=question_ids, governorate=governorate)


def index_organization(organization: Organization) -> None:
    search.index_documents([organization_document(organization)])


def index_activity(activity: Activity) -> None:
    if activity.kind not in INDEXED_ACTIVITIES:
        return
    governorate = governorates_of([activity.person_id]).get(activity.person_id, "")
    search.index_documents([activity_document(activity, activity.person.name, governorate)])


def index_vote_event(event: VoteEvent) -> None:
    search.index_documents([vote_event_document(event, event.bill.title if event.bill else "")])


def index_bill(bill: Bill) -> None:
    search.index_documents([bill_document(bill)])


def index_question(question: Question) -> None:
    person = question.asked_by
    governorate = governorates_of([person.pk]).get(person.pk, "")
    search.index_documents([question_document(question, person.name, governorate)])


def remove(doc_type: str, object_id: int) -> None:
    search.remove_document(doc_type=doc_type, object_id=object_id)


# --- Every public record, for jisr manage search_rebuild -----------------------------------

CHUNK = 2000


def _all_people() -> Iterator[Document]:
    governorates = governorates_of(Person.objects.values_list("pk", flat=True))
    people = Person.objects.prefetch_related("other_names").order_by("pk")
    for person in people.iterator(chunk_size=CHUNK):
        yield person_document(person, governorates.get(person.pk, ""))


def _all_activities() -> Iterator[Document]:
    people = dict(Person.objects.values_list("pk", "name"))
    governorates = governorates_of(people)
    activities = Activity.objects.filter(kind__in=INDEXED_ACTIVITIES).order_by("pk")
    for activity in activities.iterator(chunk_size=CHUNK):
        pid = activity.person_id
        yield activity_document(activity, people.get(pid, ""), governorates.get(pid, ""))


def _all_questions() -> Iterator[Document]:
    people = dict(Person.objects.values_list("pk", "name"))
    governorates = governorates_of(people)
    for question in Question.objects.order_by("pk").iterator(chunk_size=CHUNK):
        pid = question.asked_by_id
        yield question_document(question, people.get(pid, ""), governorates.get(pid, ""))


def _all_vote_events() -> Iterator[Document]:
    events = VoteEvent.objects.select_related("bill").order_by("pk")
    for event in events.iterator(chunk_size=CHUNK):
        yield vote_event_document(event, event.bill.title if event.bill else "")


def _all_organizations() -> Iterator[Document]:
    for organization in Organization.objects.order_by("pk").iterator(chunk_size=CHUNK):
        yield organization_document(organization)


def _all_bills() -> Iterator[Document]:
    for bill in Bill.objects.order_by("pk").iterator(chunk_size=CHUNK):
        yield bill_document(bill)


def search_types() -> list[SearchType]:
    return [
        SearchType(PERSON, _("Representatives"), Person.objects.count, _all_people),
        SearchType(
            ORGANIZATION, _("Parties and bodies"), Organization.objects.count, _all_organizations
        ),
        SearchType(VOTE_EVENT, _("Votes"), VoteEvent.objects.count, _all_vote_events),
        SearchType(BILL, _("Bills"), Bill.objects.count, _all_bills),
        SearchType(QUESTION, _("Questions"), Question.objects.count, _all_questions),
        SearchType(
            ACTIVITY,
            _("Speeches and committee work"),
            Activity.objects.filter(kind__in=INDEXED_ACTIVITIES).count,
            _all_activities,
        ),
    ]


def search_governorates() -> list[tuple[str, str]]:
    english = (get_language() or "").startswith("en")
    return [
        (str(pk), (name_en if english and name_en else name))
        for pk, name, name_en in Area.objects.order_by("name").values_list("pk", "name", "name_en")
    ]


# --- Deletions ---------------------------------------------------------------------------

DOC_TYPES = {
    Person: PERSON,
    Organization: ORGANIZATION,
    Activity: ACTIVITY,
    VoteEvent: VOTE_EVENT,
    Bill: BILL,
    Question: QUESTION,
}


def _removed(sender, instance, **kwargs):
    if sender is Activity and instance.kind not in INDEXED_ACTIVITIES:
        return
    remove(DOC_TYPES[sender], instance.pk)


def connect_signals() -> None:
    """Remove the document of every deleted record, in the deletion's transaction: rows
    also go by cascade and in the technical admin, where no service runs."""
    from django.db.models.signals import post_delete

    for model in DOC_TYPES:
        post_delete.connect(_removed, sender=model, dispatch_uid=f"search-remove-{model.__name__}")
