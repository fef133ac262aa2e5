"""Background work of the reports area, run by `jisr worker`. Each task is safe to run
twice: the digests' delivery records, not the queue, decide what has been sent."""

from django_tasks import task


@task()
def tick() -> dict:
    """Plan due digests, queue again what a stopped worker left, purge stale requests."""
    from . import digests, services

    runs = digests.plan()
    recovered = digests.recover()
    purged = services.purge_unconfirmed()
    digests.prune()
    return {"planned": len(runs), **recovered, "purged": purged}


@task()
def build_digest_run(run_id: int) -> int:
    from . import digests

    return digests.build(run_id)


@task()
def send_digest_batch(run_id: int, number: int) -> int:
    from . import digests

    return digests.send_batch(run_id, number)
