"""Small helpers shared by routes: the service state and content negotiation."""

from __future__ import annotations

from fastapi import Request

from api.state import ServiceState


def service(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state


def preferred(accept: str, offered: list[str], default: str) -> str:
    """The offered media type the Accept header ranks highest (q-values honoured; */* → default)."""
    best, best_q = default, -1.0
    for part in (accept or "").split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue  # q=0: explicitly not acceptable
        if media in {"*/*", ""}:
            candidate = default
        elif media.endswith("/*"):
            candidate = next((o for o in offered if o.startswith(media[:-1])), "")
        else:
            candidate = media if media in offered else ""
        if candidate and q > best_q:
            best, best_q = candidate, q
    return best
