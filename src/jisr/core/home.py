"""The front page, assembled from blocks that the apps above core provide.

Core never imports those apps: each one that has something for the front page gives its
``AppConfig`` a ``home_blocks(self, request)`` method returning ``HomeBlock`` objects. A
block is read by one selector of its app (a fixed number of queries, whatever the size of
the data) and drawn by one template of its app. An app that is not installed adds nothing,
so the page never shows a block for a feature that does not exist.
"""

from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class HomeBlock:
    # Lower comes first: 0 the reader's own, 10 the lead (the latest report), then the rest.
    order: int
    template: str
    context: dict = field(default_factory=dict)


def home_blocks(request) -> list[HomeBlock]:
    blocks: list[HomeBlock] = []
    for config in apps.get_app_configs():
        provide = getattr(config, "home_blocks", None)
        if provide is not None:
            blocks.extend(provide(request))
    return sorted(blocks, key=lambda block: block.order)
