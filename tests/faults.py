"""Servers that fail as networks do, a working mail server, and the queue's worker.

The tests of faults point the site at these on 127.0.0.1 only.
"""

import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def closed_port():
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HangingServer:
    """Accepts connections and never says a word: a mail server or Redis that hangs.

    `connections` counts who came. Each connection is closed after `give_up` seconds, so
    that code without a timeout fails its test instead of hanging the suite.
    """

    def __init__(self, give_up=5.0):  # bench/faults.py holds its connections for longer
        self.give_up = give_up
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._held = []
        self._closed = threading.Event()

    def __enter__(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._closed.set()
        self._listener.close()
        for connection in self._held:
            connection.close()

    def _accept(self):
        while not self._closed.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            self._held.append(connection)
            timer = threading.Timer(self.give_up, connection.close)
            timer.daemon = True
            timer.start()


class _Collect:
    def __init__(self, messages):
        self.messages = messages

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


class SMTPSink:
    """A working SMTP server on 127.0.0.1; `messages` holds what it received, parsed."""

    def __init__(self):
        self.messages = []
        self.port = closed_port()
        self._controller = Controller(_Collect(self.messages), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self._controller.stop()

    def received(self):
        """[(To, Subject)] of each message, as a mail client shows them (unfolded)."""
        return [(m["To"], " ".join(m["Subject"].split())) for m in self.messages]


def run_queue():
    """What `manage.py db_worker --batch` does: run every task that is due, then return."""
    from django_tasks_db.management.commands.db_worker import Worker  # needs Django set up

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()
