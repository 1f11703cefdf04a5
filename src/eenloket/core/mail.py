"""The embedded default's mail backend: no SMTP server, mail lands in the in-app
mailbox (LokaleMail) that staff can read under Berichten."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from eenloket.core.models import LokaleMail

        sent = 0
        for message in email_messages:
            body: Any = message.body
            LokaleMail.objects.create(
                afzender=message.from_email,
                aan=", ".join(message.recipients()),
                onderwerp=message.subject[:500],
                tekst=body if isinstance(body, str) else str(body),
                bericht_uuid=message.extra_headers.get("X-Eenloket-Bericht") or None,
            )
            sent += 1
        return sent
