"""The whole run: the safety check, the phases in order, the statistics, the record in the
audit log and the table of row counts."""

from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.models import AuditEntry
from jisr.core.services import audit_append
from jisr.elections.models import Election
from jisr.parliament.models import Area, Organization, Person
from jisr.proposals.models import Proposal, Topic
from jisr.reports.models import Subscriber
from jisr.search.models import SearchDocument

from . import accounts, elections, loader, parliament, proposals, reports, search
from .plan import SEED, Context, sizes
from .progress import Progress

ACTOR = "system:scale-data"
ACTION = Action.SCALE_DATA_GENERATED
VERSION = 1  # bump when the same scale starts giving other rows
PHASES = [
    ("members", accounts.generate),
    ("parliament", parliament.generate),
    ("proposals", proposals.generate),
    ("subscriptions and reports", reports.generate),
    ("election", elections.generate),
    ("search index", search.generate),
]
# Rows in any of these mean the database holds data that is not ours to overwrite.
GUARDED = [User, Person, Organization, Area, Proposal, Topic, Election, Subscriber, SearchDocument]
COUNTED_APPS = ["accounts", "account", "parliament", "proposals", "reports", "elections", "search"]


class Refused(Exception):
    """The run would damage data or cannot start; the message says what to do."""


def existing_data() -> list[str]:
    """The kinds of records the database already holds, by their plural name."""
    return [
        str(model._meta.verbose_name_plural) for model in GUARDED if model._default_manager.exists()
    ]


def generated_marker() -> AuditEntry | None:
    """The audit entry of the last generation, if this database was generated."""
    return AuditEntry.objects.filter(action=ACTION).order_by("-seq").first()


def check_empty(*, flush: bool) -> list[str]:
    """Refuse a database with data in it, unless it is to be flushed first."""
    found = existing_data()
    if found and not flush:
        raise Refused(
            _(
                "This database already holds data (%(what)s). The scale data generator only "
                "fills an empty database. Run it on a new database (create it, then run "
                "“jisr manage migrate”), or add --flush to delete everything in this one "
                "first."
            )
            % {"what": ", ".join(found)}
        )
    return found


def flush_database() -> None:
    """Delete every row of every table (the schema stays), as ``manage flush`` does."""
    call_command("flush", interactive=False, verbosity=0)


def generate(
    *,
    scale: float,
    progress: Progress,
    load_accounts: int = 0,
    load_password: str = "",
    flush: bool = False,
) -> list[tuple[str, int]]:
    """Build the data set of this scale in an empty database; return the row counts."""
    if scale <= 0:
        raise Refused(_("The scale must be a number above zero, such as 1 or 0.01."))
    check_empty(flush=flush)
    steps = len(PHASES) + 1
    if flush:
        with progress.phase("flush", 0, steps):
            flush_database()
    loader.tune_session()
    # Ids from 1 in every table, whatever was written and deleted before: the same scale
    # then gives the same rows, ids included.
    loader.restart_ids(*generated_models())
    ctx = Context(
        n=sizes(scale), progress=progress, load_accounts=load_accounts, load_password=load_password
    )
    for number, (name, step) in enumerate(PHASES, start=1):
        with progress.phase(name, number, steps) as counts, transaction.atomic():
            counts.update(step(ctx))
    with transaction.atomic():
        audit_append(
            actor=ACTOR,
            action=ACTION,
            data={"scale": scale, "seed": SEED, "version": VERSION, "load_accounts": load_accounts},
        )
    with progress.phase("statistics (ANALYZE)", steps, steps):
        loader.analyze()
    cache.clear()  # pages cached from before are about other data
    return row_counts()


def generated_models() -> list:
    """Every model of the apps the generator writes to, the many-to-many tables included."""
    found = []
    for label in COUNTED_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        found += [
            model
            for model in config.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ]
    return found


def row_counts() -> list[tuple[str, int]]:
    """(app.Model, rows) of every table of the generated apps that holds rows."""
    counts = []
    for model in generated_models():
        n = model._base_manager.count()
        if n:
            counts.append((f"{model._meta.app_label}.{model.__name__}", n))
    return counts


def database_label() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {settings['NAME']}"
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"{connection.vendor} {host}{port}/{settings['NAME']}"
