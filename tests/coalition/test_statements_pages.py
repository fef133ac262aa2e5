"""The statements' pages: what a visitor, a member and a delegate see and do, the
organizers' pages, and the queries each public page makes (exact pins)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.coalition.models import (
    DelegateRole,
    IndividualSignature,
    OrganizationSignature,
    OrganizationVisibility,
    Statement,
    StatementStatus,
)
from jisr.coalition.services import statements as services

from ..conftest import signed_in
from .factories import DelegateFactory
from .statement_factories import open_statement

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies["jisr_language"] = "en"
    return client


def test_the_list_shows_open_statements_first(client, organizer, django_assert_num_queries):
    published = open_statement(organizer, threshold=1, title="منشور", title_en="Published one")
    services.statement_sign_organization(
        delegate=DelegateFactory(), statement=published, listed=True
    )
    services.statement_publish(actor=organizer, statement=published)
    open_statement(organizer, title="مفتوح", title_en="Open one")
    draft = services.statement_create(
        actor=organizer,
        title="مسودة",
        title_en="Draft one",
        text="نص",
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=1),
        threshold=1,
    )
    _english(client)
    with django_assert_num_queries(1):
        page = client.get(reverse("coalition:statement_list")).content.decode()
    assert page.index("Open one") < page.index("Published one")
    assert "Draft one" not in page
    assert client.get(reverse("coalition:statement_detail", args=[draft.pk])).status_code == 404


def test_the_list_costs_the_same_with_more_statements(client, organizer, assert_flat_queries):
    open_statement(organizer)
    assert_flat_queries(
        1,
        lambda: client.get(reverse("coalition:statement_list")),
        lambda: [open_statement(organizer) for _ in range(3)],
    )


def test_a_visitor_reads_the_statement_with_counts_and_listed_signers(
    client, organizer, django_assert_num_queries
):
    statement = open_statement(organizer, threshold=2)
    shown = DelegateFactory(organization__name_en="Shown Club")
    services.statement_sign_organization(delegate=shown, statement=statement, listed=True)
    services.statement_sign_organization(
        delegate=DelegateFactory(
            organization__name_en="Members Club",
            organization__visibility=OrganizationVisibility.MEMBERS,
        ),
        statement=statement,
        listed=True,
    )
    _english(client)
    url = reverse("coalition:statement_detail", args=[statement.pk])
    # The statement, its versions, the organizations' and the people's signatures.
    with django_assert_num_queries(4):
        page = client.get(url).content.decode()
    assert "The joint statement&#x27;s text." in page or "The joint statement's text." in page
    assert "Shown Club" in page
    assert "Members Club" not in page
    assert "2 organizations" in page
    assert "and 1 organization that signed without being named" in page
    assert "Sign in to sign this statement." in page


@pytest.mark.usefixtures("english")
def test_a_delegate_signs_for_the_organization_from_the_page(client, organizer):
    statement = open_statement(organizer)
    delegate = DelegateFactory()
    signed_in(client, delegate.user)
    url = reverse("coalition:statement_detail", args=[statement.pk])
    assert 'name="organization"' in client.get(url).content.decode()
    response = client.post(
        reverse("coalition:statement_sign_organization", args=[statement.pk]),
        {"organization": delegate.organization_id, "listed": "no"},
    )
    assert response.status_code == 302
    row = OrganizationSignature.objects.get()
    assert (row.organization, row.delegate, row.listed) == (
        delegate.organization,
        delegate,
        False,
    )
    # Signed: the form is gone; a second post is refused with a message and changes nothing.
    assert 'name="organization"' not in client.get(url).content.decode()
    _english(client)
    response = client.post(
        reverse("coalition:statement_sign_organization", args=[statement.pk]),
        {"organization": delegate.organization_id, "listed": "yes"},
        follow=True,
    )
    assert "Your organization has already signed this version." in response.content.decode()
    assert OrganizationSignature.objects.get().listed is False


def test_an_observer_cannot_sign_for_the_organization(client, organizer):
    statement = open_statement(organizer)
    observer = DelegateFactory(role=DelegateRole.OBSERVER)
    signed_in(client, observer.user)
    response = client.post(
        reverse("coalition:statement_sign_organization", args=[statement.pk]),
        {"organization": observer.organization_id, "listed": "yes"},
    )
    assert response.status_code in (302, 403)
    assert not OrganizationSignature.objects.exists()


def test_a_delegate_must_have_passed_the_second_factor_in_this_session(client, organizer):
    statement = open_statement(organizer)
    delegate = DelegateFactory()
    signed_in(client, delegate.user, second_factor=False)
    response = client.post(
        reverse("coalition:statement_sign_organization", args=[statement.pk]),
        {"organization": delegate.organization_id, "listed": "yes"},
    )
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not OrganizationSignature.objects.exists()


@pytest.mark.usefixtures("english")
def test_a_member_signs_without_their_name(client, organizer, member):
    statement = open_statement(organizer)
    signed_in(client, member)
    client.post(reverse("coalition:statement_sign_person", args=[statement.pk]), {"listed": "no"})
    row = IndividualSignature.objects.get()
    assert (row.user, row.listed) == (member, False)
    page = _english(client).get(reverse("coalition:statement_detail", args=[statement.pk]))
    html = page.content.decode()
    assert "You have signed this version." in html
    signers = html.split('class="statement-signers"', 1)[1].split("</section>", 1)[0]
    assert "and 1 person who signed without being named" in signers
    assert member.display_name not in signers


def test_the_published_page_shows_the_hash_and_the_text_that_recomputes_it(client, organizer):
    import hashlib

    statement = open_statement(organizer, threshold=1)
    services.statement_sign_organization(
        delegate=DelegateFactory(), statement=statement, listed=True
    )
    statement = services.statement_publish(actor=organizer, statement=statement)
    page = client.get(reverse("coalition:statement_detail", args=[statement.pk])).content.decode()
    assert statement.sha256 in page
    text = client.get(reverse("coalition:statement_text", args=[statement.pk]))
    assert hashlib.sha256(text.content).hexdigest() == statement.sha256
    feed = client.get(reverse("coalition:statement_feed")).content.decode()
    assert statement.sha256 in feed


def test_a_statement_below_its_threshold_says_so(client, organizer):
    statement = open_statement(organizer, threshold=2)
    services.statements_close_due(now=timezone.now() + datetime.timedelta(days=8))
    statement.refresh_from_db()
    assert statement.status == StatementStatus.NOT_REACHED
    page = _english(client).get(reverse("coalition:statement_detail", args=[statement.pk]))
    assert "this statement was not published" in page.content.decode()
    assert client.get(reverse("coalition:statement_pdf", args=[statement.pk])).status_code == 404


@pytest.mark.usefixtures("english")
def test_organizers_create_open_and_publish(client, organizer):
    signed_in(client, organizer)
    response = client.post(
        reverse("coalition_staff:statement_new"),
        {
            "title": "بيان",
            "text": "نص البيان.",
            "opens_on": timezone.localdate().isoformat(),
            "closes_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
            "threshold": "١",
        },
    )
    statement = Statement.objects.get()
    assert response.status_code == 302
    assert statement.threshold == 1
    client.post(reverse("coalition_staff:statement_open", args=[statement.pk]))
    statement.refresh_from_db()
    assert statement.status == StatementStatus.OPEN
    # Below the threshold: refused, with a message.
    response = _english(client).post(
        reverse("coalition_staff:statement_publish", args=[statement.pk]), follow=True
    )
    assert "cannot be published yet" in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == StatementStatus.OPEN


def test_members_cannot_open_the_organizers_pages(client, member):
    signed_in(client, member)
    assert client.get(reverse("coalition_staff:statement_index")).status_code == 403
