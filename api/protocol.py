"""HTTP method edges every route shares: HEAD answers as GET without a body, OPTIONS lists the methods.

A pure ASGI middleware, so the routes stay GET/POST-only. CORS preflights (OPTIONS with
Access-Control-Request-Method) pass through to the CORS middleware when one is configured.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_POST_PATHS = ("/sparql", "/documents")


class MethodEdges:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        if method == "OPTIONS" and b"access-control-request-method" not in headers:
            path = scope.get("path", "")
            allow = "GET, HEAD, POST, OPTIONS" if path in _POST_PATHS else "GET, HEAD, OPTIONS"
            await send(
                {
                    "type": "http.response.start",
                    "status": 204,
                    "headers": [(b"allow", allow.encode()), (b"content-length", b"0")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


def _without_body(send: Send) -> Send:
    async def forward(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return forward
