"""Schemathesis against every operation of the JSON API, as a visitor and as each role:
no 5xx, and every response (errors included) matches the OpenAPI schema.

The requests go through the real WSGI application (middleware, sessions, CSRF), the
signed-in roles with their session cookie and CSRF token, as a browser would send them.
Path ids are drawn half of the time from records that exist in the fuzz world, so the
operations are exercised beyond their 404s. Each example runs in a savepoint rolled back
afterwards (``example_rollback``): a support or a milestone added by one example is gone
before the next, so a failure replays the same way on its own.

All of Schemathesis' checks run: no 5xx, status codes, content types, headers and bodies
as documented, invalid requests refused and valid ones accepted, authentication enforced.
"""

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation

from jisr.api.urls import api
from jisr.campaigns.models import Ask

from ..conftest import session_cookie
from .conftest import ROLES, example_rollback, fuzz_settings
from .test_forms import _coalition

API_PREFIX = "/api/v1/"
CSRF_TOKEN = "f" * 32


def load_schema(*, coverage: bool):
    """The API's schema, tested through the WSGI application. ``coverage`` picks the phase:
    Schemathesis' deterministic boundary values (huge and negative ids, empty strings,
    every enum value …) or its random examples."""
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix=API_PREFIX))
    loaded.app = WSGIHandler()
    # Query parameters an operation does not know are ignored, as HTTP intends (a cache
    # buster, a tracking tag): sending some is not an invalid request.
    loaded.config.generation.update(allow_extra_parameters=False)
    phases = loaded.config.phases
    phases.coverage.enabled = coverage
    phases.examples.enabled = phases.fuzzing.enabled = not coverage
    loaded.hook(flatmap_case)
    return loaded


# Real ids of the fuzz world, by the path parameter and path they belong to; filled in by
# the ``real_ids`` fixture before any example is generated.
REAL_IDS: dict[str, list[int]] = {}


def _id_kind(path: str, name: str) -> str:
    if name == "constituency_id":
        return "constituency"
    resource, _, rest = path.removeprefix(API_PREFIX).partition("/")
    if resource == "campaigns":  # events, share kits and outreach asks
        return {"events": "event", "kits": "kit", "reach": "ask"}[rest.split("/")[0]]
    if resource == "coalition":  # the community's organizations, statements, decisions
        return "coalition_" + rest.split("/")[0]
    return {
        "persons": "person",
        "organizations": "organization",
        "vote-events": "vote_event",
        "proposals": "proposal",
        "elections": "election",
        "treasury": "campaign",
        "pledges": "pledge",
    }[resource]


def flatmap_case(context, case):
    """Make valid cases valid by the rules a schema cannot say (a date range runs
    forwards), and let half of them name records that exist instead of random ids. A
    negative case stays as it is: its invalid part is what it tests."""
    positive = case.meta is None or case.meta.generation.mode == GenerationMode.POSITIVE
    if not positive:
        return st.just(case)
    query = case.query or {}
    if str(query.get("date_from", "")) > str(query.get("date_to", "\uffff")):
        case.query = {**query, "date_from": query["date_to"], "date_to": query["date_from"]}
    if not case.path_parameters:
        return st.just(case)
    path = context.operation.path
    known = {name: REAL_IDS.get(_id_kind(path, name)) for name in case.path_parameters}
    real = st.fixed_dictionaries({name: st.sampled_from(ids) for name, ids in known.items() if ids})

    def with_ids(ids):
        case.path_parameters = {**case.path_parameters, **ids}
        return case

    return st.one_of(st.just(case), real.map(with_ids))


@pytest.fixture(scope="module", autouse=True)
def _requests_keep_the_test_transaction():
    """Django closes the database connection at the end of each request; the test client
    stops that so the test's transaction survives, and so must the WSGI calls here."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _kit(world) -> int:
    """A published share kit of the world's campaign (one reviewed post)."""
    from jisr.campaigns.services import kits

    kit = kits.kit_create.within(
        actor="system:test", title="حزمة", treasury_campaign=world.campaign
    )
    item = kits.kit_item_add.within(
        actor="system:test", kit=kit, platform="whatsapp", language="ar", text="نص"
    )
    checked = dict(no_one_at_risk=True, no_place_at_home=True, no_face_without_consent=True)
    kits.kit_item_review.within(actor=world.users["organizer"], item=item, **checked)
    kits.kit_publish.within(actor=world.users["organizer"], kit=kit)
    return kit.pk


@pytest.fixture(scope="module")
def real_ids(fuzz_world):
    from jisr.elections.models import Constituency
    from jisr.parliament.models import Organization, Person

    world = fuzz_world
    coalition = _coalition(world)
    REAL_IDS.update(
        person=list(Person.objects.values_list("pk", flat=True)),
        organization=list(Organization.objects.values_list("pk", flat=True)),
        vote_event=[world.vote_event.pk],
        proposal=[p.pk for p in world.proposals.values()]
        + [p.pk for p in (world.hidden, world.waiting, world.member_draft, world.member_published)],
        election=[world.election.pk, world.empty_election.pk],
        constituency=list(Constituency.objects.values_list("pk", flat=True)),
        campaign=[world.campaign.pk, world.campaign_part.pk],
        event=[world.event.pk, world.members_event.pk],
        kit=[_kit(world)],
        ask=list(Ask.objects.order_by("pk").values_list("pk", flat=True)[:2]),
        pledge=[world.pledge.pk],
        coalition_organizations=[coalition["organization"], coalition["pending"]],
        coalition_statements=[coalition["statement"]],
        coalition_decisions=[coalition["decision"]],
    )
    yield REAL_IDS
    REAL_IDS.clear()


def _cookies(world, role: str) -> dict:
    """The cookies a browser signed in as the role would send (none for a visitor)."""
    cookies = {settings.CSRF_COOKIE_NAME: CSRF_TOKEN}
    user = world.user(role)
    if user is not None:
        cookies[settings.SESSION_COOKIE_NAME] = session_cookie(user)
    return cookies


@pytest.fixture(params=ROLES)
def credentials(request, fuzz_world, real_ids, db):
    return _cookies(fuzz_world, request.param)


@pytest.fixture
def visitor(fuzz_world, real_ids, db):
    return _cookies(fuzz_world, "anonymous")


@pytest.fixture(params=[role for role in ROLES if role != "anonymous"])
def account(request, fuzz_world, real_ids, db):
    return _cookies(fuzz_world, request.param)


# Schemathesis builds each operation's test when pytest collects it (its pytest loader
# for a fixture-made schema does not work with pytest 9), so the schemas load here.
random_examples = load_schema(coverage=False)
boundaries = load_schema(coverage=True)


def _session_is_the_test(case) -> bool:
    """A negative case whose cookies Schemathesis made invalid (the session left out or
    mangled): the role's own session must not be added back, or the API rightly answers as
    if signed in and the check reads that as accepting bad authentication."""
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.NEGATIVE:
        return False
    cookie = meta.components.get(ParameterLocation.COOKIE)
    return cookie is not None and cookie.mode == GenerationMode.NEGATIVE


def _call(case, cookies):
    if _session_is_the_test(case):
        cookies = {settings.CSRF_COOKIE_NAME: CSRF_TOKEN}
    with example_rollback():
        case.call_and_validate(
            cookies=cookies,
            headers={"X-CSRFToken": CSRF_TOKEN},
            # What every WSGI server sets; rate limits count by it.
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )


@random_examples.parametrize()
@fuzz_settings()
def test_api_operation(case, credentials):
    """Random examples of every operation, as every role."""
    _call(case, credentials)


@boundaries.parametrize()
@fuzz_settings()
def test_api_boundaries(case, visitor):
    """Boundary values (the same for everyone), as a visitor."""
    _call(case, visitor)


@boundaries.include(method=["POST", "PUT", "PATCH", "DELETE"]).parametrize()
@fuzz_settings()
def test_api_write_boundaries(case, account):
    """Boundary values of the operations that need an account, as each role."""
    _call(case, account)
