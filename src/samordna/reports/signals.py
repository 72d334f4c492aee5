"""Signals other apps listen to, so reports never imports them.

`observations_changed` is sent after the commit of every write of observations (filed,
imported, corrected, closed): the same writes that refresh the weekly counts. Keyword
arguments: `municipality_id`, `week_keys` (a sorted list; None when every week may
have changed) and `observation_ids` (a sorted list of the observations written; None
when the writer does not know them, e.g. a bulk import: then every observation of
`week_keys` may have changed). Receivers run outside the writer's transaction, and an
error in one is logged, never undoes the write: a receiver must be idempotent and
repairable by a scheduled job (problems' rule links are: `samordna refresh_problem_links`).
"""

from __future__ import annotations

from django.dispatch import Signal

observations_changed = Signal()
