"""WSGI middleware in front of moto: serves the control API under /_emulator/
(before moto's routing, which would take it for an S3 bucket), adds latency,
injects faults and logs every AWS request."""

import time
from http import HTTPStatus

from moto.core import DEFAULT_ACCOUNT_ID

import control
from accounts import account_of
from awsreq import identify
from faults import HTTP_KINDS, render
from state import FAULTS, REQUESTS, SETTINGS

CONTROL_PREFIX = "/_emulator/"
LATENCY = frozenset({"latency"})
HANG = frozenset({"hang"})


class EmulatorMiddleware:
    def __init__(self, moto_app):
        self.moto_app = moto_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL_PREFIX):
            return control.app(environ, start_response)
        if path.startswith("/moto-api"):  # moto's own dashboard: not an AWS call
            return self.moto_app(environ, start_response)

        started = time.time()
        call = identify(environ)
        # The caller's account, for the ARNs of denied messages; None: a key
        # no account issued, refused before anything else as AWS does.
        account = account_of(call.access_key) if call.access_key else DEFAULT_ACCOUNT_ID
        delay_ms = SETTINGS.latency_ms
        slow = FAULTS.take(call.service, call.operation, LATENCY, call.region)
        if slow:
            delay_ms += slow.latency_ms
        if delay_ms:
            time.sleep(delay_ms / 1000)

        def log(status: int) -> None:
            entry = {
                "service": call.service,
                "operation": call.operation,
                "region": call.region,
                "account": account,  # None: a key no account issued
                "time": started,
                "status": status,
            }
            # Transfer's parameters carry no secrets, and tests check what
            # was sent (all of ProtocolDetails, not just the changed member).
            if call.service == "transfer":
                entry["params"] = call.params
            REQUESTS.append(entry)

        if account is None:
            status, headers, body = render("unrecognized_client", call, DEFAULT_ACCOUNT_ID)
            log(status)
            return _answer(start_response, status, headers, body)

        if FAULTS.take(call.service, call.operation, HANG, call.region):
            # Logged at once with status 0 (no answer), so tests can count
            # the attempts a client made before it gave up.
            log(0)
            FAULTS.hang()
            # Let go: the client gave up long ago; nothing is carried out.
            return _answer(start_response, *render("server_error", call, account))

        fault = FAULTS.take(call.service, call.operation, HTTP_KINDS, call.region)
        if fault:
            if fault.after:
                _apply_and_discard(self.moto_app, environ)
            status, headers, body = render(fault.kind, call, account)
            log(status)
            return _answer(start_response, status, headers, body)

        def logging_start_response(status, headers, exc_info=None):
            log(int(status.split(" ", 1)[0]))
            return start_response(status, headers, exc_info)

        return self.moto_app(environ, logging_start_response)


def _answer(start_response, status: int, headers: list, body: bytes) -> list:
    headers.append(("Content-Length", str(len(body))))
    start_response(f"{status} {HTTPStatus(status).phrase}", headers)
    return [body]


def _apply_and_discard(moto_app, environ) -> None:
    """Lets moto carry out the request and throws its answer away."""
    answer = moto_app(environ, lambda status, headers, exc_info=None: None)
    try:
        for _ in answer:
            pass
    finally:
        close = getattr(answer, "close", None)
        if close:
            close()
