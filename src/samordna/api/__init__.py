"""REST API under /api/v1/: a router, a base viewset that applies restrict(), the schema."""
