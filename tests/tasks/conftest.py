"""Task tests: mail that fails."""

from ._mail import mail_server_down, refuse_mail_to  # noqa: F401
