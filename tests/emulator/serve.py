"""Run the AWS API emulator: moto's server (every service on one port) with the
project's extensions, fault injection and control API.

    python tests/emulator/serve.py [--host 127.0.0.1] [--port 0]
        [--transition-delay SECONDS] [--latency-ms N] [--exit-on-stdin-eof]

Prints exactly one line to stdout, `EMULATOR READY http://HOST:PORT`, once
it listens; everything else goes to stderr.
"""

import argparse
import os
import signal
import sys
import threading

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server
from moto import settings as moto_settings

import logs_ext
import secrets_ext
import transfer_ext

# A requested certificate is ISSUED at once (moto waits 60 s): the seeded
# FTPS server's certificate is a validated one in the estates it stands for.
moto_settings.ACM_VALIDATION_WAIT = 0
from middleware import EmulatorMiddleware
from state import SETTINGS

# Built before READY so the first request of a test is not the slow one.
WARM_SERVICES = ("transfer", "ec2", "s3", "secretsmanager", "sts", "iam", "lambda")


class QuietHandler(MotoRequestHandler):
    """No access log: a harness that never drains our stderr must not block us."""

    def log_request(self, *args, **kwargs) -> None:
        pass


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument(
        "--transition-delay",
        type=float,
        default=2.0,
        help="seconds a server spends STOPPING or STARTING (default 2)",
    )
    parser.add_argument(
        "--latency-ms", type=int, default=0, help="added before answering every AWS request"
    )
    parser.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="exit when stdin closes, so the emulator dies with its harness",
    )
    return parser.parse_args(argv)


def build_app() -> EmulatorMiddleware:
    transfer_ext.install()
    secrets_ext.install()
    logs_ext.install()
    dispatcher = DomainDispatcherApplication(create_backend_app)
    for service in WARM_SERVICES:
        dispatcher.app_instances[service] = create_backend_app(service)
    return EmulatorMiddleware(dispatcher)


def _wait_for_eof(stop: threading.Event) -> None:
    # os.read, not sys.stdin: a daemon thread blocked inside the buffered
    # reader makes interpreter shutdown abort.
    while os.read(sys.stdin.fileno(), 4096):
        pass
    stop.set()


def main(argv=None) -> int:
    args = parse_args(argv)
    SETTINGS.transition_delay = args.transition_delay
    SETTINGS.latency_ms = args.latency_ms

    # moto prints diagnostics with print(); stdout belongs to the READY line.
    ready_out, sys.stdout = sys.stdout, sys.stderr
    server = make_server(
        args.host, args.port, build_app(), threaded=True, request_handler=QuietHandler
    )
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if args.exit_on_stdin_eof:
        threading.Thread(target=_wait_for_eof, args=(stop,), daemon=True).start()
    threading.Thread(target=server.serve_forever, daemon=True).start()

    print(f"EMULATOR READY http://{args.host}:{server.server_port}", file=ready_out, flush=True)
    while not stop.wait(0.2):  # a timed wait lets signal handlers run
        pass
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
