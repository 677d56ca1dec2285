"""The control API under /_emulator/ (JSON in, JSON out): faults, latency,
the request log, settings and bulk S3 objects."""

import json

from werkzeug.wrappers import Request, Response

import bulk
from faults import KINDS, Fault
from state import FAULTS, REQUESTS, SETTINGS


class ControlError(ValueError):
    pass


def _number(body: dict, name: str, *, integer: bool = False, required: bool = True):
    value = body.get(name)
    if value is None and not required:
        return None
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < 0:
        raise ControlError(f"{name} must be a non-negative {'integer' if integer else 'number'}")
    return value


def _text(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise ControlError(f"{name} must be a non-empty string")
    return value


def _flag(body: dict, name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise ControlError(f"{name} must be true or false")
    return value


def add_fault(body: dict) -> dict:
    kind = _text(body, "kind")
    if kind not in KINDS:
        raise ControlError(f"kind must be one of {sorted(KINDS)}")
    count = _number(body, "count", integer=True, required=False)
    if count == 0:
        raise ControlError("count must be at least 1, or null for 'until cleared'")
    fault = Fault(
        service=_text(body, "service"),
        operation=_text(body, "operation"),
        kind=kind,
        count=count,
        latency_ms=_number(body, "latency_ms", integer=True, required=kind == "latency") or 0,
        after=_flag(body, "after"),
        region=_text(body, "region") if "region" in body else "*",
    )
    FAULTS.add(fault)
    return {"faults": FAULTS.listing()}


def clear_faults(_: dict) -> dict:
    FAULTS.clear()
    return {"faults": []}


def set_latency(body: dict) -> dict:
    SETTINGS.latency_ms = _number(body, "ms", integer=True)
    return {"latency_ms": SETTINGS.latency_ms}


def clear_requests(_: dict) -> list:
    REQUESTS.clear()
    return []


def set_config(body: dict) -> dict:
    SETTINGS.transition_delay = _number(body, "transition_delay")
    return get_config(body)


def get_config(_: dict) -> dict:
    return {"transition_delay": SETTINGS.transition_delay, "latency_ms": SETTINGS.latency_ms}


def bulk_objects(body: dict) -> dict:
    prefix = body.get("prefix", "")
    if not isinstance(prefix, str):
        raise ControlError("prefix must be a string")
    try:
        return bulk.create_objects(
            bucket=_text(body, "bucket"),
            prefix=prefix,
            count=_number(body, "count", integer=True),
            size=_number(body, "size", integer=True, required=False) or 1024,
        )
    except LookupError as e:
        raise ControlError(str(e)) from e


ROUTES = {
    ("POST", "/_emulator/faults"): add_fault,
    ("GET", "/_emulator/faults"): lambda _: {"faults": FAULTS.listing()},
    ("DELETE", "/_emulator/faults"): clear_faults,
    ("POST", "/_emulator/latency"): set_latency,
    ("GET", "/_emulator/requests"): lambda _: REQUESTS.entries(),
    ("DELETE", "/_emulator/requests"): clear_requests,
    ("GET", "/_emulator/config"): get_config,
    ("POST", "/_emulator/config"): set_config,
    ("POST", "/_emulator/bulk-objects"): bulk_objects,
}


def app(environ, start_response):
    request = Request(environ)
    handler = ROUTES.get((request.method, request.path.rstrip("/")))
    if handler is None:
        status, result = 404, {"error": f"no control route {request.method} {request.path}"}
    else:
        body = request.get_json(force=True, silent=True)
        try:
            if body is not None and not isinstance(body, dict):
                raise ControlError("the body must be a JSON object")
            status, result = 200, handler(body or {})
        except ControlError as e:
            status, result = 400, {"error": str(e)}
    return Response(json.dumps(result), status=status, mimetype="application/json")(
        environ, start_response
    )
