"""Nobody acts for an organization without their own account, an open mandate of an acting
role, a verified organization and two-factor authentication."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from jisr.coalition.acting import acting_delegate, check_may_act
from jisr.coalition.models import DelegateRole, OrganizationStatus

from ..accounts.factories import UserFactory
from .factories import DelegateFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_primary_delegate_of_a_verified_organization_may_act():
    check_may_act(DelegateFactory())


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"role": DelegateRole.OBSERVER}, "observer"),
        ({"ends_on": timezone.localdate() - datetime.timedelta(days=1)}, "mandate"),
        ({"starts_on": timezone.localdate() + datetime.timedelta(days=1)}, "mandate"),
    ],
)
def test_observers_and_mandates_out_of_date_are_refused(change, code):
    delegate = DelegateFactory()
    if "ends_on" in change:
        delegate.starts_on = change["ends_on"] - datetime.timedelta(days=30)
    for name, value in change.items():
        setattr(delegate, name, value)
    with pytest.raises(ValidationError) as refused:
        check_may_act(delegate)
    assert refused.value.code == code


def test_an_unverified_organization_cannot_act():
    delegate = DelegateFactory(organization=OrganizationFactory(status=OrganizationStatus.PENDING))
    with pytest.raises(ValidationError) as refused:
        check_may_act(delegate)
    assert refused.value.code == "unverified"


def test_a_delegate_without_two_factor_cannot_act():
    delegate = DelegateFactory(user=UserFactory())
    with pytest.raises(ValidationError) as refused:
        check_may_act(delegate)
    assert refused.value.code == "two_factor"


def test_acting_for_another_organization_is_refused():
    delegate = DelegateFactory()
    with pytest.raises(ValidationError):
        check_may_act(delegate, organization=OrganizationFactory())


def test_the_session_must_have_passed_its_second_factor(client):
    from ..conftest import signed_in

    delegate = DelegateFactory()
    request = RequestFactory().get("/")
    request.user = delegate.user
    request.session = client.session
    with pytest.raises(PermissionDenied):  # signed in with the password alone
        acting_delegate(request, delegate.organization)
    signed_in(client, delegate.user)
    request.session = client.session
    assert acting_delegate(request, delegate.organization) == delegate
