"""A sweep of 17 regions with 5 servers each: `transfer-console --region
r1,...,r17` in tmux, timed to its first rows on screen and to every row
described, beside the AWS CLI loop over the regions (list-servers, then
describe-server for each server), timed to its first region's answer and
to its end.

    python benches/sweep.py CONSOLE_BINARY [--aws PATH_TO_AWS_CLI] [--regions 17] [--servers 5]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "emulator"))
sys.path.insert(0, str(ROOT / "benches"))

import boto3  # noqa: E402
from launch import aws_env, start_emulator  # noqa: E402

import model_regions  # noqa: E402  (the console's list, read from its source)


def estate(url, regions, per_region):
    ids = []
    for region in regions:
        transfer = boto3.client(
            "transfer",
            endpoint_url=url,
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        for _ in range(per_region):
            created = transfer.create_server(
                Protocols=["SFTP"], EndpointType="PUBLIC", IdentityProviderType="SERVICE_MANAGED"
            )
            ids.append(created["ServerId"])
    return ids


def console_times(console, url, regions, ids):
    """Seconds to the first server id on screen and to every row described
    (no `…` left, the title no longer `listing…`)."""
    session = f"sweep-bench-{os.getpid()}"
    env = aws_env(url)
    command = [console, "--region", ",".join(regions), "--log-file", "/dev/null"]
    tmux = ["tmux", "-L", session]
    started = time.perf_counter()
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "200", "-y", "120", "-s", session,
         *[f"-e{k}={v}" for k, v in env.items()], *command],
        check=True,
    )
    first = None
    try:
        while time.perf_counter() - started < 120:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if first is None and any(i in screen for i in ids):
                first = time.perf_counter() - started
            if f"Servers ({len(ids)})" in screen and "…" not in screen:
                return first, time.perf_counter() - started
            time.sleep(0.01)
        sys.exit(f"the console did not list every server:\n{screen}")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def cli_times(aws, url, regions):
    env = aws_env(url)
    started = time.perf_counter()
    first = None
    for region in regions:
        listed = subprocess.run(
            [aws, "transfer", "list-servers", "--region", region,
             "--query", "Servers[].ServerId", "--output", "text"],
            env=env, capture_output=True, text=True, check=True,
        ).stdout.split()
        if first is None and listed:
            first = time.perf_counter() - started
        for server_id in listed:
            subprocess.run(
                [aws, "transfer", "describe-server", "--region", region, "--server-id", server_id],
                env=env, capture_output=True, check=True,
            )
    return first, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("console")
    parser.add_argument("--aws", help="the AWS CLI; without it only the console is timed")
    parser.add_argument("--regions", type=int, default=17)
    parser.add_argument("--servers", type=int, default=5, help="servers per region")
    args = parser.parse_args()
    regions = model_regions.aws_partition()[: args.regions]
    emulator, url, _ = start_emulator(seed=False)
    try:
        ids = estate(url, regions, args.servers)
        console = console_times(args.console, url, regions, ids)
        cli = cli_times(args.aws, url, regions) if args.aws else None
    finally:
        emulator.stdin.close()
        emulator.wait(timeout=10)
    print(f"\n## A sweep of {len(regions)} regions, {args.servers} servers each\n")
    print("| | first rows | every row described |")
    print("|---|---|---|")
    print(f"| transfer-console --region r1,...,r{len(regions)} | {console[0]:.2f} s | {console[1]:.2f} s |")
    if cli:
        print(f"| AWS CLI loop over the regions | {cli[0]:.2f} s | {cli[1]:.2f} s |")


if __name__ == "__main__":
    main()
