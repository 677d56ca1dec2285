"""The console as a terminal sees it: time to the first frame, time until
the seeded servers are listed, and what an idle console costs (CPU time and
bytes written to the terminal), beside `aws transfer list-servers` against
the same emulator; then the input-to-frame latency of a key press, without
faults and while AWS is slow (5 s added to every call) and throttling.
`make bench` runs it; docs/performance.md holds the figures.

The console runs in a pseudo-terminal of this script's own, so every byte it
writes is seen and timed here; nothing in between (no tmux) adds latency.

    python benches/terminal.py CONSOLE_BINARY [--aws PATH_TO_AWS_CLI] [--runs N]
        [--presses N] [--faults-only] [--idle SECONDS] [--refresh SECONDS]

`--refresh` is passed to the console (its automatic refresh; 0 is off), so
that the idle cost can be measured with the refresh off and on.
"""

import argparse
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import fcntl
import json
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "emulator"))

from launch import aws_env, start_emulator  # noqa: E402

COLUMNS, ROWS = 120, 40
IDLE_SECONDS = 10


def cpu_seconds(pid):
    """utime + stime of a process, from /proc (clock ticks)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


class Console:
    """The console binary in a pseudo-terminal; every byte it writes is kept."""

    def __init__(self, binary, env, log_file, extra_args=()):
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(binary, [binary, "--log-file", log_file, *extra_args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.output = bytearray()
        self.first_output = None

    def read(self, timeout):
        """Reads what arrives within `timeout` seconds; returns the byte count."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return 0
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return 0
        if chunk and self.first_output is None:
            self.first_output = time.perf_counter()
        self.output.extend(chunk)
        # Answer a cursor-position query, as a terminal would.
        if b"\x1b[6n" in chunk:
            os.write(self.fd, f"\x1b[{ROWS};{COLUMNS}R".encode())
        return len(chunk)

    def wait_for(self, text, timeout):
        """Seconds from start until `text` is in the output."""
        deadline = time.perf_counter() + timeout
        needle = text.encode()
        while needle not in self.output:
            if time.perf_counter() > deadline:
                sys.exit(f"{text!r} not drawn within {timeout}s")
            self.read(0.05)
        return time.perf_counter() - self.started

    def settle(self, quiet, timeout=30):
        """Reads until nothing has been written for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        last = time.perf_counter()
        while time.perf_counter() - last < quiet and time.perf_counter() < deadline:
            if self.read(0.05):
                last = time.perf_counter()

    def idle(self, seconds):
        """CPU seconds used and bytes written while nobody touches it."""
        cpu_before = cpu_seconds(self.pid)
        written = 0
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            written += self.read(min(left, 0.5))
        return cpu_seconds(self.pid) - cpu_before, written

    def drain(self, seconds):
        """Reads whatever arrives for `seconds`."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            self.read(min(left, 0.05))

    def key_latency(self, key, needle, timeout=10):
        """Seconds from writing `key` until `needle` is in what follows."""
        mark = len(self.output)
        started = time.perf_counter()
        os.write(self.fd, key)
        while needle not in self.output[mark:]:
            if time.perf_counter() - started > timeout:
                sys.exit(f"{needle!r} not drawn within {timeout}s of {key!r}")
            self.read(0.01)
        return time.perf_counter() - started

    def quit(self):
        os.write(self.fd, b"q")
        try:
            for _ in range(50):
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    break
                self.read(0.1)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        finally:
            os.close(self.fd)


def run_console(binary, url, servers, log_file, idle_seconds, extra_args):
    console = Console(binary, aws_env(url), log_file, extra_args)
    first_frame = console.wait_for("transfer-console", 10)
    listed = max(console.wait_for(server_id, 20) for server_id in servers)
    console.settle(quiet=2)
    cpu, written = console.idle(idle_seconds)
    console.quit()
    return first_frame, listed, cpu, written


def run_cli(aws, url):
    started = time.perf_counter()
    subprocess.run(
        [aws, "transfer", "list-servers", "--output", "json"],
        env=aws_env(url),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def control(url, method, path, body=None):
    request = urllib.request.Request(
        f"{url}/_emulator/{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        return response.read()


def press_help(console, presses):
    """`?` opens the help (timed until "Keys" is drawn), Esc closes it."""
    latencies = []
    for _ in range(presses):
        latencies.append(console.key_latency(b"?", b"Keys"))
        console.drain(0.1)
        os.write(console.fd, b"\x1b")
        # The spinner redraws every 250 ms while loading, so waiting for
        # quiet would never end: the help closes within a few ms.
        console.drain(0.2)
    return latencies


def run_key_latency(binary, url, servers, log_file, presses):
    """Input-to-frame latency with AWS answering normally, then while every
    call waits 5 s more and Transfer throttles every call, with a refresh
    (`r`) in flight the whole time."""
    console = Console(binary, aws_env(url), log_file)
    for server_id in servers:
        console.wait_for(server_id, 20)
    console.settle(quiet=1)
    normal = press_help(console, presses)
    control(url, "POST", "latency", {"ms": 5000})
    control(url, "POST", "faults", {"service": "transfer", "operation": "*", "kind": "throttle"})
    try:
        os.write(console.fd, b"r")
        console.wait_for("listing servers", 5)
        faulted = press_help(console, presses)
        # The figures count only if the slow, throttled listing was still
        # waiting for AWS during every press.
        in_flight = b"throttled by AWS" not in console.output
    finally:
        control(url, "POST", "latency", {"ms": 0})
        control(url, "DELETE", "faults")
    console.quit()
    if not in_flight:
        sys.exit("the throttled listing ended before the presses did: use fewer --presses")
    return normal, faulted


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("console", help="the transfer-console binary")
    parser.add_argument("--aws", help="the AWS CLI, for comparison")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=20, help="key presses per latency figure")
    parser.add_argument("--faults-only", action="store_true", help="only the key latency section")
    parser.add_argument("--idle", type=int, default=IDLE_SECONDS, help="seconds of idle measured")
    parser.add_argument("--refresh", type=int, help="the console's --refresh (default: its own)")
    args = parser.parse_args()
    extra = ["--refresh", str(args.refresh)] if args.refresh is not None else []
    idle = args.idle

    emulator, url, estate = start_emulator()
    servers = list(estate["servers"].values())
    log_file = "/tmp/transfer-console-bench.log"
    try:
        if not args.faults_only:
            runs = [
                run_console(args.console, url, servers, log_file, idle, extra)
                for _ in range(args.runs)
            ]
            cli = [run_cli(args.aws, url) for _ in range(args.runs)] if args.aws else []
        normal, faulted = run_key_latency(args.console, url, servers, log_file, args.presses)
    finally:
        emulator.stdin.close()
        emulator.wait(timeout=10)

    if not args.faults_only:
        print_terminal(args, servers, runs, cli)
    print_key_latency(args.presses, normal, faulted)


def print_key_latency(presses, normal, faulted):
    median = statistics.median
    print(f"\n## Input to frame: `?` pressed until the help is drawn ({presses} presses)\n")
    print("| | AWS answering normally | 5 s added to every call, Transfer throttling, `r` in flight |")
    print("|---|---|---|")
    print(f"| median | {ms(median(normal))} | {ms(median(faulted))} |")
    print(f"| max | {ms(max(normal))} | {ms(max(faulted))} |")
    print(f"\nall presses: normal {[ms(x) for x in normal]}, faulted {[ms(x) for x in faulted]}")


def print_terminal(args, servers, runs, cli):
    first, listed, cpu, written = (list(column) for column in zip(*runs))
    median = statistics.median
    refresh = f"--refresh {args.refresh}" if args.refresh is not None else "default --refresh"
    print(f"\n## The console in a terminal ({args.runs} runs, median; {COLUMNS}x{ROWS}; {refresh})\n")
    print("| | transfer-console | aws transfer list-servers |")
    print("|---|---|---|")
    print(f"| first frame drawn, from process start | {ms(median(first))} | - |")
    print(
        f"| every seeded server listed ({len(servers)}, with DescribeServer each) "
        f"| {ms(median(listed))} | {ms(median(cli)) if cli else 'not installed'} (ListServers only, printed at the end) |"
    )
    print(f"| idle CPU over {args.idle} s | {median(cpu):.2f} s | - |")
    print(f"| idle bytes written to the terminal over {args.idle} s | {median(written):.0f} | - |")
    print(f"\nall runs: first frame {[ms(x) for x in first]}, idle bytes {written}, idle CPU {cpu}")


if __name__ == "__main__":
    main()
