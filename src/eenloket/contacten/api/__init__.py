"""The VNG Klantinteracties API 0.9.0 over Eenloket's own tables, mounted at
``/klantinteracties/api/v1/`` as Open Klant mounts it, so Common Ground clients (KISS,
Open Formulieren, portals) only change their base URL. The contract is the standard's
OpenAPI document; these endpoints are left out of Eenloket's own schema on purpose.

Authentication: ``Authorization: Token <key>`` as Open Klant's clients send it (see
``authentication.py``: the key is derived from the ApiClient's secret), our ZGW JWT
(``Bearer``), or a staff session.

Extensions (the standard's schemas allow additional properties; every one is optional
and a client that ignores them loses nothing it gets from Open Klant):

- ``_eenloket`` on every resource: what Eenloket knows beyond the standard. On
  ``internetaken``: ``nummer`` (the full CV-number), ``status`` (our finer status),
  ``vraag`` and ``toelichting`` in full, ``urgentie``, ``deadline`` (from the service
  norm), ``servicenorm``, ``teLaat``, ``ketenpartner``, the resident's ``contactnaam``/
  ``telefoonnummer``/``email``/``bereikbaar``, ``resultaat``, ``afsluittekst`` and
  ``pogingen`` (call-back attempts). On a POST or PUT of an interne taak the client may
  send ``_eenloket`` with ``vraag``, ``toelichting``, ``urgentie``, ``contactnaam``,
  ``telefoonnummer``, ``email``, ``bereikbaar``, ``resultaat``, ``afsluittekst``. On
  ``klantcontacten``: ``nummer``, ``kanaalcode``, ``beeindigdOp``, ``eerstelijns`` and
  every question (``vragen``) in full. On ``partijen``: ``geboortedatum``,
  ``telefoonnummer``, ``email``, ``voorkeurskanaal`` (also accepted on write).
- ``?organisatie=<code>`` on a create, for a client that works for several
  organisations; without it the client's only organisation is used.
- ``Idempotency-Key`` header on POST ``klantcontacten`` and ``maak-klantcontact``: a
  retry with the same key (per organisation) returns the first result, writes nothing,
  and carries ``Idempotent-Replayed: true``.
- Numbers: the standard allows 10 characters; ``CV-2026-000123`` is given as
  ``2026000123`` (filters accept both) and in full in ``_eenloket.nummer``.

Operations the standard has but Eenloket does not support answer 501 with a problem
body (code ``niet_ondersteund``) saying why."""
