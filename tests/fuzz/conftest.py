"""Shared settings of the fuzz tests (API schema, HTML forms, importers).

The number of examples is bounded so the suite stays quick; the proving ground
(`python3 dev.py prove`) raises it with JISR_FUZZ_EXAMPLES.
"""

import os

from hypothesis import HealthCheck, settings

FUZZ_EXAMPLES = int(os.environ.get("JISR_FUZZ_EXAMPLES", "25"))


def fuzz_settings(examples: int | None = None, **overrides):
    """Hypothesis settings for a fuzz test: bounded, derandomized in CI, no deadline
    (the database makes timings noisy)."""
    return settings(
        max_examples=examples or FUZZ_EXAMPLES,
        deadline=None,
        derandomize=os.environ.get("CI") == "true",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        **overrides,
    )
