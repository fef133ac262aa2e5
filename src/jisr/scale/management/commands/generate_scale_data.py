"""jisr manage generate_scale_data --scale N [--flush] [--load-accounts N]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Fill an empty database with a deterministic, fictional data set for measuring: "
        "at scale 1, two terms of 329 representatives, 3,000 vote events, 50,000 members, "
        "100,000 proposals, 1,000,000 supports, 100,000 subscriptions, a national election "
        "with polling-station results, and the search index (docs/scale-data.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply every count by this (default 1; CI uses 0.01)",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="delete every row of this database first (asks to confirm)",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask to confirm --flush",
        )
        parser.add_argument(
            "--load-accounts",
            type=int,
            default=0,
            metavar="N",
            help="also create N member accounts with a known password, for load tests",
        )
        parser.add_argument(
            "--load-password",
            default="",
            metavar="PASSWORD",
            help="the load-test accounts' password (default: the one in docs/scale-data.md)",
        )
        parser.add_argument(
            "--accounts-only",
            action="store_true",
            help="only add the load-test accounts to a database generated earlier "
            "(or set their password again)",
        )
        parser.add_argument("--quiet", action="store_true", help="print no progress")

    def handle(self, *args, **options):
        from jisr.scale import accounts, run
        from jisr.scale.progress import Progress, table

        count = options["load_accounts"]
        if count < 0:
            raise CommandError(_("--load-accounts takes a number of accounts, 0 or more."))
        password = options["load_password"] or accounts.LOAD_PASSWORD
        if options["accounts_only"]:
            return self._accounts_only(count, password)
        try:
            found = run.check_empty(flush=options["flush"])
            if found and options["interactive"] and not self._confirm(found, run):
                raise CommandError(_("Nothing was changed."))
            progress = Progress(self.stderr, quiet=options["quiet"])
            progress.write(
                f"Scale {options['scale']:g} on {run.database_label()} (seed {run.SEED})"
            )
            counts = run.generate(
                scale=options["scale"],
                progress=progress,
                load_accounts=count,
                load_password=password,
                flush=options["flush"],
            )
        except run.Refused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(table(counts, ("table", "rows")))
        self.stdout.write(
            _("Scale data generated in %(seconds).0f s.") % {"seconds": progress.elapsed}
        )
        if count:
            self._print_accounts(accounts, count, password)

    def _confirm(self, found, run) -> bool:
        self.stderr.write(
            # Translators: keep “yes” in English: it is the answer the command waits for.
            _(
                "--flush deletes every row of %(database)s, which holds %(what)s. "
                "Type “yes” to go on: "
            )
            % {"database": run.database_label(), "what": ", ".join(found)},
            ending="",
        )
        try:
            return input().strip().lower() == "yes"
        except EOFError:
            return False

    def _accounts_only(self, count: int, password: str):
        from django.db import transaction

        from jisr.scale import accounts, run

        if not count:
            raise CommandError(_("--accounts-only needs --load-accounts N."))
        if run.generated_marker() is None:
            raise CommandError(
                _(
                    "This database was not made by generate_scale_data: load-test accounts "
                    "are only added to generated data."
                )
            )
        with transaction.atomic():
            accounts.add_load_accounts(count=count, password=password)
        self._print_accounts(accounts, count, password)

    def _print_accounts(self, accounts, count: int, password: str) -> None:
        self.stdout.write(
            _("Load-test accounts (verified members): %(first)s … %(last)s, password: %(pw)s")
            % {
                "first": accounts.load_email(1),
                "last": accounts.load_email(count),
                "pw": password,
            }
        )
