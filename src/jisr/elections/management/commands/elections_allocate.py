"""jisr manage elections_allocate --election ID [--seed N]"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from jisr.elections import services
from jisr.elections.models import Election, Seat

ACTOR = "system:command-line"


class Command(BaseCommand):
    help = (
        "Allocate every seat of an election from its recorded results, under its rule set, "
        "and store the result (it becomes the one the pages show)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--election", type=int, required=True, help="the election's id")
        parser.add_argument("--seed", type=int, help="seed of the draw that settles ties")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
        )

    def handle(self, *args, election, seed, language, **options):
        with translation.override(language):
            item = Election.objects.filter(pk=election).first()
            if item is None:
                raise CommandError(_("No election has the id %(id)d.") % {"id": election})
            try:
                run = services.allocation_run(actor=ACTOR, election=item, seed=seed)
            except ValidationError as error:
                for message in error.messages:
                    self.stderr.write(message)
                raise CommandError(_("The seats were not allocated.")) from None
            seats = Seat.objects.filter(run=run).count()
            self.stdout.write(
                _("%(seats)d seats allocated (run %(run)d, seed %(seed)d).")
                % {"seats": seats, "run": run.pk, "seed": run.seed}
            )
