"""jisr manage proposals_link_office EMAIL PERSON_ID [--unlink]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts import services as account_services
from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.parliament.models import Person
from jisr.proposals.models import OfficeAccount

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
            with transaction.atomic():
                if unlink:
                    self._unlink(user, person)
                else:
                    self._link(user, person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _link(self, user, person):
        office, _created = OfficeAccount.objects.update_or_create(
            user=user, defaults={"representative": person}
        )
        account_services.role_grant(actor=ACTOR, user=user, role=Role.REPRESENTATIVE_OFFICE)
        audit_append(
            actor=ACTOR,
            action=Action.OFFICE_LINKED,
            target=office,
            data={"representative": person.pk},
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(email)s now answers for the office of %(name)s.")
                % {"email": user.email, "name": person.name}
            )
        )

    def _unlink(self, user, person):
        office = OfficeAccount.objects.filter(user=user, representative=person).first()
        if office is None:
            raise CommandError(_("This account is not linked to this representative."))
        audit_append(
            actor=ACTOR,
            action=Action.OFFICE_UNLINKED,
            target=office,
            data={"representative": person.pk},
        )
        office.delete()
        account_services.role_revoke(actor=ACTOR, user=user, role=Role.REPRESENTATIVE_OFFICE)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(email)s no longer answers for %(name)s.")
                % {"email": user.email, "name": person.name}
            )
        )
