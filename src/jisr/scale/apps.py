from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Fictional data at any scale, for the benchmarks and the proving ground. The top
    layer: it imports every app, and no app imports it."""

    name = "jisr.scale"
    label = "scale"
