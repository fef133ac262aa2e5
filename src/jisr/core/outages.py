"""The errors that mean a service we depend on is briefly unreachable (a restart, a
failover): the reader's "try again in a minute" (a translated 503), never our bug."""

from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

DATABASE_DOWN = (OperationalError, InterfaceError)
# The shared cache (Redis, CACHE_URL=redis://…): rate limits fail closed with a 503; the page
# cache is skipped; sessions fall back to the database.
CACHE_DOWN = (RedisConnectionError, RedisTimeoutError)
SERVICE_DOWN = DATABASE_DOWN + CACHE_DOWN
