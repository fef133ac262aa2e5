"""The image in a page's OpenGraph and Twitter card tags, from the apps above core.

Core never imports those apps: an app that draws share images gives its ``AppConfig`` an
``og_image(self, request, context)`` method returning an object with ``url`` (absolute),
``width``, ``height`` and ``alt``, or None. The first answer wins; with none (no such app
installed), the page keeps the site's static image. The hook sees the page's template
context, so it can use what the page already read instead of querying again. It must
never put personal data in the tags: the image and its text are what the public page
already shows.
"""

from django.apps import apps


def og_image(request, context):
    for config in apps.get_app_configs():
        provide = getattr(config, "og_image", None)
        if provide is not None:
            found = provide(request, context)
            if found is not None:
                return found
    return None
