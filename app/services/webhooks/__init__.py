"""Signed webhooks (Standard Webhooks): endpoints, the transactional outbox, the delivery worker.

- `endpoints`: create, list, change, delete an endpoint, rotate its secret, send a test (audited).
- the outbox (app.services.outbox, a module of its own so that every writer may import it): the
  event rows, written in the transaction of the change that causes them.
- `addresses`: which URLs may be called (server-side request forgery), resolved and checked.
- `signing`: the secret and the webhook-signature header.
- `fan_out`, `compliance_events`, `overdue`: the worker's steps that turn events into deliveries.
- `sending`: one attempt over HTTP, to the address that was checked; `worker`: the loop.
"""
