import factory
from allauth.account.models import EmailAddress

from jisr.accounts.models import User
from jisr.accounts.roles import Role, role_groups

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A member with a verified e-mail address; pass roles=[...] for more."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"عضو {n}")
    password = factory.django.Password(PASSWORD)
    preferred_language = "ar"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        names = [Role.MEMBER, *(extracted or [])]
        self.groups.add(*role_groups(*names))

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)
