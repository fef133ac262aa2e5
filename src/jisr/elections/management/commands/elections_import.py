"""jisr manage elections_import KIND FILE --election ID [--dry-run]

``jisr import election-lists FILE --election ID`` and the other election formats run this.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from jisr.core.importing import add_import_arguments, command_import, command_read_error
from jisr.elections.importers import IMPORTERS, election_import
from jisr.elections.models import Election

ACTOR = "system:command-line"


def _step(done: int, total: int) -> str:
    return _("reading")


class Command(BaseCommand):
    help = (
        "Import an election's constituencies, roster or results from a CSV file (formats: "
        "docs/elections.md). Nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(IMPORTERS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--election", type=int, required=True, help="the election's id")
        add_import_arguments(parser)

    def handle(self, *args, kind, file, election, dry_run, language, **options):
        with translation.override(language):
            self._import(kind, file, election, dry_run=dry_run)

    def _import(self, kind: str, file: Path, election_id: int, *, dry_run: bool) -> None:
        election = Election.objects.filter(pk=election_id).first()
        if election is None:
            raise CommandError(_("No election has the id %(id)d.") % {"id": election_id})
        try:
            stream = file.open("rb")
            size = file.stat().st_size
        except OSError as error:
            raise command_read_error(file, error) from None
        with stream:
            command_import(
                self,
                lambda progress: election_import(
                    kind,
                    stream,
                    election=election,
                    actor=ACTOR,
                    size=size,
                    dry_run=dry_run,
                    progress=progress,
                    file_name=file.name,
                ),
                label=_step,
            )
