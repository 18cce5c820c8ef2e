"""Mail that fails as a real server would: for the tests of what a failed send leaves behind."""

import smtplib
import socket

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

REFUSED: set[str] = set()


class RefusingBackend(LocmemBackend):
    """locmem, but a message to an address in REFUSED raises what smtplib raises when the server
    refuses it (its text quoting the address, as servers' answers do)."""

    def send_messages(self, messages):
        for message in messages:
            refused = sorted(set(message.recipients()) & REFUSED)
            if refused:
                raise smtplib.SMTPDataError(550, f"<{refused[0]}>: mailbox unavailable".encode())
        return super().send_messages(messages)


@pytest.fixture
def refuse_mail_to(settings):
    """refuse_mail_to("a@example.org", ...): messages to these addresses fail, the others arrive in mail.outbox."""
    settings.EMAIL_BACKEND = "tests.tasks._mail.RefusingBackend"

    def refuse(*addresses):
        REFUSED.update(addresses)

    yield refuse
    REFUSED.clear()


@pytest.fixture
def mail_server_down(settings):
    """The real SMTP backend pointed at a port nothing listens on: the connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    return port
