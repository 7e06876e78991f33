"""The delivery worker: fan the outbox out, claim the due attempts, send them, record each answer.

One runs in each `lantai serve` process (a thread started by the app's lifespan), or alone
as `lantai webhooks deliver`. A pass starts every `poll_seconds` (at once after a pass that
claimed all it may), so the events of a busy second gather into one pass: the fixed cost of a
pass (its queries, the tree, the plans) is paid once for them all, not once per write, and a
worker sharing the serving process takes little of the requests' time. Each pass, in three
short transactions:

1. A read asks whether anything waits (so an idle worker never takes SQLite's write lock).
2. fan_out (app.services.webhooks.fan_out): new events become deliveries.
3. claim, in the fan-out's transaction: the due deliveries of enabled endpoints are taken FOR UPDATE SKIP LOCKED
   (PostgreSQL; on SQLite the write transaction holds the lock), their attempt counted and
   their next attempt moved LEASE ahead, then committed: no other worker takes that attempt.
   A worker that dies after the claim leaves the delivery due again once the lease ends, so
   every event is delivered at least once, across a crash or kill -9 at any moment.
4. The attempts are sent (app.services.webhooks.sending), several at a time, outside any transaction.
5. record: the attempts and their answers are written, in one transaction. Any 2xx succeeds. A 410 disables the
   endpoint. Anything else is retried after the schedule's next wait (with jitter of
   +-JITTER) until the schedule ends; an endpoint whose attempts have all failed for
   GIVE_UP_AFTER is disabled, its reason kept for its owner to read.
"""

import json
import logging
import random
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from app.config import Settings
from app.db import Intent, session_scope
from app.models import Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent
from app.models.common import utcnow
from app.models.webhook import DeliveryStatus
from app.services.webhooks.addresses import Network, Resolver, parse_networks, resolve
from app.services.webhooks.fan_out import fan_out, work_waiting
from app.services.webhooks.sending import Answer, Attempt, send

log = logging.getLogger("lantai.webhooks")

LEASE = timedelta(seconds=60)  # longer than an attempt's timeout: a claimed attempt is not taken again meanwhile
GIVE_UP_AFTER = timedelta(days=5)
JITTER = 0.1
ATTEMPT_TIMEOUT_SECONDS = 10.0
CLAIMED_PER_PASS = 20
SENDERS = 4


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    """What the worker needs of the settings."""

    allowed: tuple[Network, ...]
    schedule: tuple[float, ...]
    zone: str
    poll_seconds: float = 1.0
    timeout: float = ATTEMPT_TIMEOUT_SECONDS

    @classmethod
    def from_settings(cls, settings: Settings) -> "DeliveryConfig":
        schedule = tuple(float(part) for part in settings.webhook_retry_schedule.split(",") if part.strip())
        allowed = parse_networks(settings.webhook_allowed_networks)
        return cls(allowed, schedule, settings.timezone, settings.webhook_poll_seconds)


def run_once(
    engine: Engine, config: DeliveryConfig, *, clock: Callable[[], datetime] = utcnow, resolver: Resolver = resolve
) -> int:
    """One pass (see the module's docstring); how many attempts it made."""
    with session_scope(engine, Intent.read, keep=False) as session:
        if not work_waiting(session, clock(), config.zone):
            return 0
    with session_scope(engine, Intent.write) as session:  # the fan-out and the claim commit together
        fan_out(session, clock(), config.zone)
        session.flush()
        claimed = claim(session, clock())
    if not claimed:
        return 0
    with ThreadPoolExecutor(max_workers=min(SENDERS, len(claimed))) as pool:
        answers = list(
            pool.map(lambda attempt: send(attempt, config.allowed, timeout=config.timeout, resolver=resolver), claimed)
        )
    with session_scope(engine, Intent.write) as session:  # one transaction for the pass's answers
        for attempt, answer in zip(claimed, answers, strict=True):
            record(session, attempt, answer, clock(), config.schedule)
    return len(claimed)


def claim(session: Session, now: datetime, limit: int = CLAIMED_PER_PASS) -> list[Attempt]:
    """Take the due attempts: each counted, and not due again before the lease ends."""
    query = (
        select(WebhookDelivery, Webhook, WebhookEvent)
        .join(Webhook, col(Webhook.id) == col(WebhookDelivery.webhook_id))
        .join(WebhookEvent, col(WebhookEvent.id) == col(WebhookDelivery.event_id))
        .where(
            col(WebhookDelivery.status) == DeliveryStatus.pending,
            col(WebhookDelivery.next_attempt_at) <= now,
            col(Webhook.enabled),
        )
        .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
        .limit(limit)
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    )
    claimed = []
    for delivery, hook, event in session.execute(query):
        delivery.attempts += 1
        delivery.next_attempt_at = now + LEASE
        session.add(delivery)
        assert delivery.id is not None and hook.id is not None
        body = json.dumps(event.payload, ensure_ascii=False, separators=(",", ":")).encode()
        claimed.append(
            Attempt(delivery.id, hook.id, delivery.attempts, hook.url, delivery.message_id, body, signing(hook, now))
        )
    session.flush()
    return claimed


def signing(hook: Webhook, now: datetime) -> tuple[str, ...]:
    """The secrets that sign: the current one, and the one before while its overlap lasts."""
    expires = hook.previous_secret_expires_at
    if hook.previous_secret is not None and expires is not None and expires > now:
        return (hook.secret, hook.previous_secret)
    return (hook.secret,)


def record(session: Session, attempt: Attempt, answer: Answer, now: datetime, schedule: Sequence[float]) -> None:
    """Write the attempt and what follows from its answer (see the module's docstring)."""
    delivery = session.get(WebhookDelivery, attempt.delivery_id, with_for_update=True)
    hook = session.get(Webhook, attempt.webhook_id, with_for_update=True)
    if delivery is None or hook is None:  # the endpoint was deleted meanwhile
        return
    session.add(
        WebhookAttempt(
            delivery_id=attempt.delivery_id,
            number=attempt.number,
            at=now,
            status_code=answer.status_code,
            response_body=answer.body,
            duration_ms=answer.duration_ms,
            error=answer.error,
        )
    )
    code = answer.status_code
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.next_attempt_at, hook.failing_since = DeliveryStatus.succeeded, None, None
    elif code == 410:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.failed, None
        _disable(hook, f"the endpoint answered 410 Gone at {now.isoformat()}", now)
    else:
        hook.failing_since = hook.failing_since or now
        retries_done = attempt.number - 1
        if delivery.retry and retries_done < len(schedule):
            wait = schedule[retries_done] * random.uniform(1 - JITTER, 1 + JITTER)
            delivery.next_attempt_at = now + timedelta(seconds=wait)
        else:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.failed, None
        if now - hook.failing_since >= GIVE_UP_AFTER:
            _disable(hook, f"every attempt failed since {hook.failing_since.isoformat()}", now)
    session.add(delivery)
    session.add(hook)
    session.flush()


def _disable(hook: Webhook, reason: str, now: datetime) -> None:
    hook.enabled, hook.disabled_reason, hook.updated_at = False, reason, now
    log.warning("webhook %s disabled: %s", hook.id, reason)


class DeliveryWorker:
    """run_once in a loop on a thread of its own, until stopped; a pass that fails is logged and tried again."""

    def __init__(self, engine: Engine, config: DeliveryConfig) -> None:
        self.engine = engine
        self.config = config
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lantai-webhooks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = ATTEMPT_TIMEOUT_SECONDS + 5) -> None:
        """Stop after the pass under way (waiting up to `timeout` seconds for the thread, if it was started)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def run_forever(self) -> None:
        """Run in the calling thread until stop() (from a signal handler or another thread)."""
        self._run()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                made = run_once(self.engine, self.config)
            except Exception:
                log.exception("a webhook delivery pass failed; trying again")
                made = 0
            if made < CLAIMED_PER_PASS:  # only a full pass goes straight on: events gather between passes
                self._stop.wait(self.config.poll_seconds)
