"""`lantai webhooks`: deliver (the delivery worker, alone, on the database), and list, create,
deliveries, redeliver (against a server, through lantai_client: --url, --token, --format json).

`deliver` runs the worker of app.services.webhooks.worker until it is stopped (SIGTERM or
Ctrl-C), or one pass with --once; set LANTAI_WEBHOOK_DELIVERY=false on the servers when
only this process should deliver.
"""

import argparse
import contextlib
import json
import signal
import sys

from app.cli.remote import EXIT_OK, SubParsers, _format, _remote, open_client, reporting_failures
from app.config import get_settings
from app.db import make_engine
from app.models.webhook import DeliveryStatus, EventType
from app.services.webhooks.worker import DeliveryConfig, DeliveryWorker, run_once


def register(subcommands: SubParsers) -> None:
    """Add webhooks deliver|list|create|deliveries|redeliver."""
    webhooks = subcommands.add_parser("webhooks", help="signed webhooks: deliver them, or manage them on a server")
    actions = webhooks.add_subparsers(dest="webhooks_command", required=True, metavar="ACTION")
    deliver = actions.add_parser("deliver", help="run the delivery worker alone, on LANTAI_DATABASE_URL")
    deliver.add_argument("--once", action="store_true", help="one pass, then exit")
    deliver.set_defaults(handler=run_deliver)
    listing = _remote(actions, "list", "the webhooks of your scope")
    _format(listing, "table", "json")
    listing.set_defaults(handler=run_list)
    create = _remote(actions, "create", "add a webhook (its secret is printed once)")
    create.add_argument("url")
    create.add_argument("--event", dest="events", action="append", required=True, choices=[str(e) for e in EventType])
    create.add_argument("--description", default="")
    _format(create, "table", "json")
    create.set_defaults(handler=run_create)
    deliveries = _remote(actions, "deliveries", "a webhook's deliveries, newest first, with their attempts")
    deliveries.add_argument("webhook_id", type=int)
    deliveries.add_argument("--status", choices=[str(s) for s in DeliveryStatus])
    deliveries.add_argument("--event", choices=[str(e) for e in EventType])
    _format(deliveries, "table", "json")
    deliveries.set_defaults(handler=run_deliveries)
    redeliver = _remote(actions, "redeliver", "send a delivery again, once, now")
    redeliver.add_argument("webhook_id", type=int)
    redeliver.add_argument("delivery_id", type=int)
    _format(redeliver, "table", "json")
    redeliver.set_defaults(handler=run_redeliver)


def run_deliver(args: argparse.Namespace) -> int:
    settings = get_settings()
    engine = make_engine(settings)
    config = DeliveryConfig.from_settings(settings)
    try:
        if args.once:
            print(f"{run_once(engine, config)} attempt(s) made", file=sys.stderr)
            return EXIT_OK
        worker = DeliveryWorker(engine, config)
        signal.signal(signal.SIGTERM, lambda *_: worker.stop(timeout=0))
        print("delivering webhooks; Ctrl-C to stop", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            worker.run_forever()
    finally:
        engine.dispose()
    return EXIT_OK


def _print(answer: object, args: argparse.Namespace, lines: list[str]) -> int:
    if args.format == "json":
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        print("\n".join(lines))
    return EXIT_OK


@reporting_failures
def run_list(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        page = client.list_webhooks(limit=500)
    lines = [
        f"{hook['id']:>5}  {'on ' if hook['enabled'] else 'off'}  {hook['archive_code'] or '*':<10} "
        f"{hook['url']}  {','.join(hook['events'])}"
        for hook in page["items"]
    ]
    return _print(page, args, lines or ["no webhooks"])


@reporting_failures
def run_create(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        hook = client.create_webhook(args.url, args.events, args.description)
    lines = [f"webhook {hook['id']} created for {hook['url']}", f"secret (shown once): {hook['secret']}"]
    return _print(hook, args, lines)


@reporting_failures
def run_deliveries(args: argparse.Namespace) -> int:
    filters = {"status": args.status, "event": args.event, "limit": 500}
    with open_client(args) as client:
        page = client.list_deliveries(args.webhook_id, **filters)
    lines = [
        f"{item['id']:>6}  {item['event_type']:<26} {item['status']:<10} {len(item['attempts'])} attempt(s)  "
        f"last answer {item['attempts'][-1]['status_code'] if item['attempts'] else '-'}  next {item['next_attempt_at'] or '-'}"
        for item in page["items"]
    ]
    return _print(page, args, lines or ["no deliveries"])


@reporting_failures
def run_redeliver(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        delivery = client.redeliver(args.webhook_id, args.delivery_id)
    return _print(delivery, args, [f"delivery {delivery['id']} ({delivery['message_id']}) queued to be sent once more"])
