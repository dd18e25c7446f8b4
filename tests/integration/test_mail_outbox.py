"""Issue 15, point 4: notifications by e-mail through an outbox written in the transaction of the change, delivered
by a worker with retries and idempotency, without personal data, per user's choice — against real SMTP server
processes (aiosmtpd) started by these tests: one that accepts, one that refuses, and one that is down."""
from __future__ import annotations

import email
import email.policy
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from procedure.domain.deadlines import AMS
from procedure.domain.errors import ConcurrencyConflict, NotAuthorized
from store import repo
from tests.conftest import ROOT, walk


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpProcess:
    """``python -m tests.integration.smtp_server`` on a free port, stopped at the end of the test."""

    def __init__(self, mode: str, folder: Path, port: int | None = None):
        self.port = port or free_port()
        self.folder = folder
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.integration.smtp_server", str(self.port), mode,
                                      str(folder)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert self.proc.stdout.readline().strip() == b"ready", self.proc.stderr.read()

    def messages(self) -> list[email.message.Message]:
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                for p in sorted(self.folder.glob("*.eml"))]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture
def servers(tmp_path):
    started = []

    def start(mode, port=None):
        s = SmtpProcess(mode, tmp_path / f"{mode}-{len(started)}", port)
        started.append(s)
        return s
    yield start
    for s in started:
        s.stop()


def configure(app, port):
    with app.db.transaction() as cur:
        repo.set_setting(cur, "smtp_host", "127.0.0.1")
        repo.set_setting(cur, "smtp_port", str(port))
        repo.set_setting(cur, "smtp_afzender", "huisverbod@venlo.test")
        repo.set_setting(cur, "app_url", "https://huisverbod.test")


def outbox(app, actors):
    return app.notifications.outbox(actors["beheer"])


def submit_at_night(app, actors, clock):
    clock.at = datetime(2026, 5, 13, 2, 30, tzinfo=AMS) - timedelta(minutes=5)
    case_id = walk(app, actors, until="draft")
    app.decision.submit_for_signature(actors["hovj.noord"], case_id,
                                      app.case_file.get_case(actors["hovj.noord"], case_id).version)
    return case_id


PERSONAL = ("Jan", "Voorbeeld", "Ans", "Kerkstraat", "5911", "1980", "04-03")


def test_signature_waiting_at_night_is_mailed_without_personal_data_once(app, actors, clock, servers):
    smtp = servers("accept")
    configure(app, smtp.port)
    case_id = submit_at_night(app, actors, clock)
    rows = outbox(app, actors)["rows"]
    assert {r["recipient_username"] for r in rows} == {"burgemeester.venlo", "loco.venlo"}
    assert all(r["topic"] == "ondertekenen" and r["sent_at"] is None for r in rows)
    assert app.notifications.deliver_due() == {"sent": 2, "failed": 0, "waiting": 0}
    msgs = smtp.messages()
    assert sorted(m["To"] for m in msgs) == sorted(repo.get_user(app.db, u)["email"]
                                                  for u in ("burgemeester.venlo", "loco.venlo"))
    for m in msgs:
        text = str(m["Subject"]) + m.get_content()
        assert case_id in text and "Venlo" in text and f"https://huisverbod.test/zaak?zaak={case_id}" in text
        assert "handtekening" in text
        assert not [w for w in PERSONAL if w in text], text
    # idempotent: another round sends nothing, the same notification queued again writes nothing
    assert app.notifications.deliver_due()["sent"] == 0
    with app.db.transaction() as cur:
        n = app.notifications.queue(cur, "ondertekenen", roles=["burgemeester"], case=repo.get_case(app.db, case_id),
                                    what="Beschikking wacht op uw handtekening",
                                    key=f"{case_id}:ondertekenen:{app.now().isoformat()}")
    assert n == 0 and len(smtp.messages()) == 2
    assert outbox(app, actors)["counts"] == {"total": 2, "sent": 2, "pending": 0, "failing": 0}


def test_outbox_row_is_part_of_the_changes_transaction(app, actors, clock):
    clock.at = datetime(2026, 5, 13, 2, 30, tzinfo=AMS)
    case_id = walk(app, actors, until="draft")
    h = actors["hovj.noord"]
    stale = app.case_file.get_case(h, case_id).version - 1
    with pytest.raises(ConcurrencyConflict):
        app.decision.submit_for_signature(h, case_id, stale)
    assert outbox(app, actors)["counts"]["total"] == 0          # no change, no mail


def test_each_user_chooses(app, actors, clock, servers):
    smtp = servers("accept")
    configure(app, smtp.port)
    loco = actors["loco.venlo"]
    assert app.notifications.preferences(loco) == {"ondertekenen": True, "taak_partner": True, "taak_te_laat": True}
    app.notifications.set_preference(loco, "ondertekenen", False)
    assert app.notifications.preferences(loco)["ondertekenen"] is False
    submit_at_night(app, actors, clock)
    app.notifications.deliver_due()
    assert [m["To"] for m in smtp.messages()] == [repo.get_user(app.db, "burgemeester.venlo")["email"]]


def test_server_down_loses_nothing_is_visible_and_is_retried(app, actors, clock, servers):
    port = free_port()                                           # nothing listens here
    configure(app, port)
    submit_at_night(app, actors, clock)
    assert app.notifications.deliver_due() == {"sent": 0, "failed": 2, "waiting": 2}
    box = outbox(app, actors)
    assert box["counts"] == {"total": 2, "sent": 0, "pending": 2, "failing": 2}
    assert all("niet bereikbaar" in r["last_error"] and r["attempts"] == 1 for r in box["rows"])
    assert all(r["next_attempt_at"] == app.now() + timedelta(minutes=1) for r in box["rows"])
    with pytest.raises(NotAuthorized):
        app.notifications.outbox(actors["burgemeester.venlo"])
    # not due yet: no attempt
    assert app.notifications.deliver_due() == {"sent": 0, "failed": 0, "waiting": 2}
    clock.advance(minutes=1)
    app.notifications.deliver_due()
    assert {r["attempts"] for r in outbox(app, actors)["rows"]} == {2}
    assert {r["next_attempt_at"] for r in outbox(app, actors)["rows"]} == {app.now() + timedelta(minutes=5)}
    # the server comes up on that port: the next round delivers each mail exactly once
    smtp = servers("accept", port)
    clock.advance(minutes=5)
    assert app.notifications.deliver_due() == {"sent": 2, "failed": 0, "waiting": 0}
    assert len(smtp.messages()) == 2
    assert outbox(app, actors)["counts"]["failing"] == 0


def test_refusing_server_keeps_the_mail_with_its_answer(app, actors, clock, servers):
    smtp = servers("refuse")
    configure(app, smtp.port)
    submit_at_night(app, actors, clock)
    assert app.notifications.deliver_due()["failed"] == 2
    rows = outbox(app, actors)["rows"]
    assert all("550" in r["last_error"] and r["sent_at"] is None for r in rows)


def test_mail_off_unless_configured(app, actors, clock):
    submit_at_night(app, actors, clock)
    assert app.notifications.smtp_config() is None
    assert app.notifications.deliver_due() == {"sent": 0, "failed": 0, "waiting": 2}   # kept, not dropped


def test_partner_tasks_and_overdue_tasks_are_mailed(app, actors, clock, servers):
    smtp = servers("accept")
    configure(app, smtp.port)
    case_id = walk(app, actors, until="served")                  # service: notice tasks for the partners
    partners = {r["recipient_username"] for r in outbox(app, actors)["rows"] if r["topic"] == "taak_partner"}
    assert {"politie.noord", "hovj.noord", "casemanager.noord", "veiligthuis.noord"} <= partners
    assert not partners & {"politie.midden", "casemanager.midden", "procesmanager.midden"}   # other sub-region
    app.notifications.set_preference(actors["casemanager.noord"], "taak_te_laat", False)
    clock.advance(days=2)                                         # the 24-hour tasks are overdue now
    n = app.mail_worker.queue_overdue()
    assert n > 0 and app.mail_worker.queue_overdue() == 0         # once per task and deadline
    late = {r["recipient_username"] for r in outbox(app, actors)["rows"] if r["topic"] == "taak_te_laat"}
    assert "politie.noord" in late and "casemanager.noord" not in late
    result = app.mail_worker.run_once()
    assert result["sent"] == len(outbox(app, actors)["rows"]) and result["failed"] == 0
    assert all(case_id in m["Subject"] for m in smtp.messages())


def test_two_app_servers_never_send_the_same_mail_twice(app, actors, clock):
    """Several app servers share one outbox (issue 16): a mail one server claimed is not sent by the other; a
    server that died after its claim leaves the mail for a retry once the lease has passed."""
    from store import notify_repo

    submit_at_night(app, actors, clock)
    due = notify_repo.due_mails(app.db, app.now())
    assert due, "a decision awaiting signature writes a mail"
    m = due[0]
    with app.db.transaction() as cur:          # server A claims it, then dies before sending
        assert notify_repo.claim(cur, m["id"], m["next_attempt_at"], app.now() + timedelta(minutes=10))
    with app.db.transaction() as cur:          # server B read the same row before A's claim: its claim fails
        assert not notify_repo.claim(cur, m["id"], m["next_attempt_at"], app.now() + timedelta(minutes=10))
    sent: list = []
    app.notifications.deliver_due(send=sent.append)
    assert all(s["Message-ID"] != m["message_id"] for s in sent)          # held by A's lease
    clock.advance(minutes=11)
    app.notifications.deliver_due(send=sent.append)
    assert [s["Message-ID"] for s in sent].count(m["message_id"]) == 1     # retried once the lease passed
