"""The search index for everything generated: every kind of record an app declares to
search (``search.registry``), indexed by the rebuild that ``jisr manage search_rebuild``
runs, so the documents are exactly those the site writes."""

from jisr.search import services

from .plan import Context


def generate(ctx: Context) -> dict[str, int]:
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = ctx.progress.bar("documents", total)
        bar.add(done - bar.done)

    counts = services.rebuild.within(progress=progress)
    if bar is not None:
        bar.close()
    return {f"{code} documents": n for code, n in counts.items()}
