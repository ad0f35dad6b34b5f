"""A tiny keep-alive HTTP client for the load test (standard library only)."""

from __future__ import annotations

import http.client
import json
import time
import uuid
from typing import Any


class Response:
    def __init__(self, status: int, body: bytes, headers: dict[str, str], seconds: float):
        self.status, self.body, self.headers, self.seconds = status, body, headers, seconds

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class Client:
    """One simulated person: one connection, one cookie jar, optional bearer token."""

    def __init__(self, host: str, port: int, token: str | None = None, timeout: float = 30.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.token = token
        self.cookies: dict[str, str] = {}
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            conn = self._connection()
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                raw = conn.getresponse()
                data = raw.read()
            except (ConnectionError, http.client.HTTPException, OSError):
                self.close()
                if attempt:
                    return Response(599, b"", {}, time.perf_counter() - started)
                continue
            seconds = time.perf_counter() - started
            for key, value in raw.getheaders():
                if key.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            if raw.getheader("Connection", "").lower() == "close":
                self.close()
            return Response(raw.status, data, {k.lower(): v for k, v in raw.getheaders()}, seconds)
        return Response(599, b"", {}, 0.0)

    def get(self, path: str) -> Response:
        return self.request("GET", path, headers={"Accept": "application/json"})

    def post_json(self, path: str, payload: Any) -> Response:
        return self.request("POST", path, json.dumps(payload).encode(),
                            {"Content-Type": "application/json", "Accept": "application/json"})

    def post_form(self, path: str, fields: dict[str, str]) -> Response:
        from urllib.parse import urlencode

        return self.request("POST", path, urlencode(fields).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def post_file(self, path: str, field: str, filename: str, content: bytes, media_type: str) -> Response:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
                f"Content-Type: {media_type}\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                 "Accept": "application/json"})

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
