"""Reads of the anonymous public from a read replica, when DATABASE_REPLICA_URL names one.

Only a request that can change nothing and sees only what everyone sees reads from the
replica: an anonymous GET or HEAD, marked by commemoration.middleware's
PublicReadsFromReplicaMiddleware for as long as it is served. Everything else reads and
writes the primary ("default"): writes, members and the committee (who must see their own
changes at once), the API with a token, the admin, management commands and the queue's
workers. Django itself reads through the primary what it reads in order to write
(get_or_create, select_for_update).
"""

import contextlib
import contextvars

REPLICA = "replica"
PRIMARY = "default"

# A context variable rather than a thread-local: right under ASGI as under WSGI threads.
_public_read = contextvars.ContextVar("public_read", default=False)


@contextlib.contextmanager
def reading_for_the_public():
    """Within this block, reads go to the replica."""
    token = _public_read.set(True)
    try:
        yield
    finally:
        _public_read.reset(token)


@contextlib.contextmanager
def reading_from_the_primary():
    """Within this block, reads go to the primary even for the public: what is read to be
    kept (events.caching.public_answer) must not be a lagging replica's rows, which would
    be kept under the new data version, a stale decision served for as long as it is kept."""
    token = _public_read.set(False)
    try:
        yield
    finally:
        _public_read.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _public_read.get() else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The same rows on both: an event read from the replica may point at a user read
        # from the primary.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary's schema; nothing is ever migrated on it.
        return db == PRIMARY
