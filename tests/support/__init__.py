"""Helpers shared by the test suite: a throw-away PostgreSQL server and a live app server."""
