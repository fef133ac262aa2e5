"""The organizations part's records: evidence, vouches and members who opt in."""

import factory

from jisr.coalition.models import Affiliation, EvidenceKind, VerificationEvidence

from ..accounts.factories import UserFactory
from .factories import OrganizationFactory


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VerificationEvidence

    organization = factory.SubFactory(OrganizationFactory)
    kind = EvidenceKind.CERTIFICATE
    note = "شهادة تسجيل لدى البلدية."


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    share_contact = True
