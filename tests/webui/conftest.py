"""Web fixtures: the Flask app over a real engine (real SQLite file, or PostgreSQL when configured)."""

from __future__ import annotations

import re

import pytest

from webui import create_app


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, username: str, password: str = "pw"):
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": csrf_token(self.client, "/login")})

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": csrf_token(self.client, "/tasks")})


def csrf_token(client, path: str) -> str:
    page = client.get(path)
    match = re.search(rb'name="csrf_token" value="([^"]+)"', page.data)
    return match.group(1).decode() if match else ""


@pytest.fixture
def app(fx_engine):
    fx_engine.add_user("analis", ["analyst"], "pw")
    fx_engine.add_user("admin", ["admin"], "pw")
    return create_app({"TESTING": True, "ENGINE": fx_engine, "SECRET_KEY": "test-secret", "LOGIN_LIMIT": "5 per minute"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth(client):
    return Auth(client)
