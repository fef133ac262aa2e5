"""Organizations, delegates (with their own account and two-factor) and coalitions."""

import factory

from jisr.coalition.models import (
    Coalition,
    CoalitionMembership,
    Delegate,
    DelegateRole,
    Organization,
    OrganizationKind,
    OrganizationStatus,
)

from ..accounts.factories import UserFactory
from ..conftest import with_mfa


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A verified, publicly listed organization."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"نادي تجريبي {n}")
    name_en = factory.Sequence(lambda n: f"Test club {n}")
    kind = OrganizationKind.CLUB
    city = "مالمو"
    country = "السويد"
    status = OrganizationStatus.VERIFIED


class DelegateFactory(factory.django.DjangoModelFactory):
    """A primary delegate whose own account has two-factor authentication."""

    class Meta:
        model = Delegate

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.LazyFunction(lambda: with_mfa(UserFactory()))
    role = DelegateRole.PRIMARY


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition

    name = factory.Sequence(lambda n: f"تنسيقية تجريبية {n}")
    name_en = factory.Sequence(lambda n: f"Test coalition {n}")
    charter = "نقاط الوحدة."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoalitionMembership

    coalition = factory.SubFactory(CoalitionFactory)
    organization = factory.SubFactory(OrganizationFactory)
