"""Keyset ("seek") pagination: a page starts just after the last row of the one before.

With OFFSET the database walks past every earlier row before it reaches the page, so
the last page of a million rows costs a million steps. A keyset page instead asks for
the rows beyond a sort key (`occurred_from <= t AND (occurred_from < t OR id < n)`),
which an index on the ordering finds directly: every page costs what the first does.

The key travels in an opaque cursor (base64url JSON) that the client only copies from
a `next` or `prev` link. The ordering must end in the primary key, so every key is
unique and no row is skipped or repeated when several share the leading values.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

# A cursor is a few values; anything much longer is not one of ours.
CURSOR_MAX_LENGTH = 500
INVALID_CURSOR = "Ogiltig markör (cursor). Följ länken till nästa sida som den är."


class InvalidCursor(ValueError):
    """A cursor that is not one this server wrote, or that does not fit the ordering."""


@dataclass(frozen=True)
class Ordering:
    """Sort fields of one direction, the last of them the primary key."""

    fields: tuple[str, ...]
    descending: bool

    @classmethod
    def of(cls, queryset: models.QuerySet[Any]) -> Ordering:
        """The queryset's own order_by, which must be uniform and end in "id" or "pk"."""
        names = [str(name) for name in queryset.query.order_by]
        directions = {name.startswith("-") for name in names}
        fields = tuple(name.lstrip("-") for name in names)
        if len(directions) != 1 or fields[-1] not in {"id", "pk"}:
            raise ValueError(f"keyset pagination needs a uniform order ending in id: {names}")
        return cls(fields=fields, descending=directions.pop())

    def order_by(self, *, reverse: bool = False) -> list[str]:
        sign = "-" if self.descending != reverse else ""
        return [sign + name for name in self.fields]

    def key(self, row: Any) -> list[Any]:
        return [_get(row, name) for name in self.fields]

    def beyond(self, key: list[Any], *, reverse: bool = False) -> Q:
        """Rows after `key` in this order (before it with reverse=True)."""
        op = "lt" if self.descending != reverse else "gt"
        pairs = list(zip(self.fields, key, strict=True))
        last_name, last_value = pairs[-1]
        condition = Q(**{f"{last_name}__{op}": last_value})
        for name, value in reversed(pairs[:-1]):
            condition = Q(**{f"{name}__{op}": value}) | (Q(**{name: value}) & condition)
        if len(pairs) == 1:
            return condition
        # The same bound on the leading field alone, which an index can seek to: the
        # OR above would otherwise make the database test every row from the start.
        first_name, first_value = pairs[0]
        return Q(**{f"{first_name}__{op}e": first_value}) & condition


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def encode(key: list[Any], *, backwards: bool = False) -> str:
    """The cursor for the rows after `key` (before it when paging backwards)."""
    values = [value.isoformat() if hasattr(value, "isoformat") else value for value in key]
    text = json.dumps({"k": values, "b": backwards} if backwards else {"k": values})
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str, ordering: Ordering, model: type[models.Model]) -> tuple[list[Any], bool]:
    """The key and direction in a cursor, each value checked by its model field."""
    values, backwards = decode_raw(cursor)
    if len(values) != len(ordering.fields):
        raise InvalidCursor(INVALID_CURSOR)
    pairs = zip(ordering.fields, values, strict=True)
    return [_checked(model, name, value) for name, value in pairs], backwards


def decode_raw(cursor: str) -> tuple[list[Any], bool]:
    """The values in a cursor as JSON gave them, unchecked, and the direction."""
    if len(cursor) > CURSOR_MAX_LENGTH:
        raise InvalidCursor(INVALID_CURSOR)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        values = data["k"]
        backwards = bool(data.get("b", False))
    except (binascii.Error, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidCursor(INVALID_CURSOR) from exc
    if not isinstance(values, list):
        raise InvalidCursor(INVALID_CURSOR)
    return values, backwards


def _checked(model: type[models.Model], name: str, value: Any) -> Any:
    try:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if value is None or isinstance(value, dict | list):
            raise InvalidCursor(INVALID_CURSOR)
        result = field.to_python(value)  # type: ignore[union-attr]
    except (FieldDoesNotExist, ValidationError, OverflowError) as exc:
        raise InvalidCursor(INVALID_CURSOR) from exc
    if result is None:
        raise InvalidCursor(INVALID_CURSOR)
    return result


@dataclass(frozen=True)
class Page:
    """One page of rows and the cursors of its neighbours (None when there is none)."""

    rows: list[Any]
    next_cursor: str | None
    previous_cursor: str | None


def page(queryset: models.QuerySet[Any], limit: int, cursor: str | None) -> Page:
    """Up to `limit` rows of the (ordered) queryset, starting at `cursor`."""
    ordering = Ordering.of(queryset)
    if not cursor:
        rows = list(queryset[: limit + 1])
        return _forwards(ordering, rows, limit, came_from=False)
    key, backwards = decode(cursor, ordering, queryset.model)
    if not backwards:
        rows = list(queryset.filter(ordering.beyond(key))[: limit + 1])
        return _forwards(ordering, rows, limit, came_from=True)
    # Backwards: the rows just before the key, read in reverse and turned round.
    query = queryset.filter(ordering.beyond(key, reverse=True)).order_by(
        *ordering.order_by(reverse=True)
    )
    rows = list(query[: limit + 1])
    more_before = len(rows) > limit
    rows = rows[:limit][::-1]
    if not rows:
        # What came before is gone (deleted since): the client starts again from the top.
        return Page(rows=[], next_cursor=None, previous_cursor=None)
    return Page(
        rows=rows,
        next_cursor=encode(ordering.key(rows[-1])),
        previous_cursor=encode(ordering.key(rows[0]), backwards=True) if more_before else None,
    )


def _forwards(ordering: Ordering, rows: list[Any], limit: int, *, came_from: bool) -> Page:
    more = len(rows) > limit
    rows = rows[:limit]
    previous = encode(ordering.key(rows[0]), backwards=True) if came_from and rows else None
    return Page(
        rows=rows,
        next_cursor=encode(ordering.key(rows[-1])) if more else None,
        previous_cursor=previous,
    )
