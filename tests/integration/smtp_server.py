"""A real SMTP server process for the notification tests (aiosmtpd): ``python -m tests.integration.smtp_server
PORT MODE FOLDER`` listens on 127.0.0.1:PORT; MODE ``accept`` writes every message to FOLDER (one .eml each),
``refuse`` answers 550 to every recipient. Synthetic test infrastructure only."""
from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class Accept:
    def __init__(self, folder: Path):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        (self.folder / f"{uuid.uuid4().hex}.eml").write_bytes(envelope.original_content or envelope.content)
        return "250 OK"


class Refuse:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 Ontvanger onbekend (test)"


def main() -> None:
    port, mode, folder = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    folder.mkdir(parents=True, exist_ok=True)
    handler = Accept(folder) if mode == "accept" else Refuse()
    ctl = Controller(handler, hostname="127.0.0.1", port=port)
    ctl.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        ctl.stop()


if __name__ == "__main__":
    main()
