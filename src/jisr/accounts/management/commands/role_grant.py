from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jisr.accounts import services
from jisr.accounts.models import User
from jisr.accounts.roles import Role


class Command(BaseCommand):
    help = (
        "Give a role to the account with this e-mail address, e.g. to make the first "
        "organizer: jisr manage role_grant someone@example.org organizer"
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--revoke", action="store_true", help="take the role away instead")

    def handle(self, *args, email, role, revoke, **options):
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            raise CommandError(
                f"No account uses {email}. The person must sign up first (or use createsuperuser)."
            ) from None
        action = services.role_revoke if revoke else services.role_grant
        try:
            action(actor="system:command-line", user=user, role=role)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        verb = "no longer has" if revoke else "now has"
        self.stdout.write(self.style.SUCCESS(f"{email} {verb} the role {role}."))
