"""A test client whose requests run the background jobs they queue.

Tasks run at once in the tests (SAMORDNA_TASKS=immediate), but a task is queued in
`transaction.on_commit`, which inside a test's transaction fires only when captured;
each request here is captured, as a server in autocommit would run it.
"""

from __future__ import annotations

from typing import Any


class JobsClient:
    def __init__(self, client: Any, capture: Any) -> None:
        self._client = client
        self._capture = capture

    def get(self, *args: Any, **kwargs: Any) -> Any:
        with self._capture(execute=True):
            return self._client.get(*args, **kwargs)

    def post(self, *args: Any, **kwargs: Any) -> Any:
        with self._capture(execute=True):
            return self._client.post(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)
