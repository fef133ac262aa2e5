"""jisr manage proposals_link_office EMAIL PERSON_ID [--unlink]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.parliament.models import Person
from jisr.proposals import services

ACTOR = "system:command-line"


class Command(BaseCommand):
    help = (
        "Link the account with this e-mail address to a representative's office: it gets "
        "the representative-office role and can answer the proposals delivered to that "
        "representative at /staff/proposals/office/. The account must exist (sign up first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("person_id", type=int, help="the representative's number (id)")
        parser.add_argument(
            "--unlink", action="store_true", help="remove the link and the office role instead"
        )

    def handle(self, *args, email, person_id, unlink, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(_("No account uses %(email)s. Sign up first.") % {"email": email})
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(_("No representative has the number %(id)d.") % {"id": person_id})
        try:
            if unlink:
                services.office_account_unlink(actor=ACTOR, user=user, person=person)
                done = _("%(email)s no longer answers for %(name)s.")
            else:
                services.office_account_link(actor=ACTOR, user=user, person=person)
                done = _("%(email)s now answers for the office of %(name)s.")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(done % {"email": user.email, "name": person.name}))
