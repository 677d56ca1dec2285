"""The inventory of an estate of 30 servers: `transfer-console doctor` (every
server's detail, VPC endpoint, network interfaces, security groups and user
secrets, batched) beside benches/inventory-cli.sh, which makes the same
calls with the AWS CLI one server at a time. Reports both times, their
ratio, and the AWS calls each made (from the emulator's request log).

    python benches/inventory.py CONSOLE_BINARY --aws PATH_TO_AWS_CLI [--servers 30] [--users 3]
    python benches/inventory.py CONSOLE_BINARY --console-only --servers 20 --users 10

The console is timed twice: reading the user secrets with
BatchGetSecretValue (20 a call), and with that action denied by the
emulator's fault injection, when it falls back to one GetSecretValue per
secret (the way every secret was read before BatchGetSecretValue).
"""

import argparse
import collections
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "emulator"))

from launch import aws_env, start_emulator  # noqa: E402
from seed import Seeder, role, tags  # noqa: E402

def estate(url, count, users):
    """`count` FTP servers on VPC endpoints in two AZs, each with its users'
    secrets, in the shape of the seeded ftp_vpc server."""
    seeder = Seeder(url, "ap-northeast-1")
    net = seeder.network()
    group = seeder.out["security_groups"]["ftp_vpc"]
    lambda_idp = "arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-ftp-idp"
    for n in range(count):
        server_id = seeder.server(
            f"ftp-{n:02}",
            EndpointType="VPC",
            EndpointDetails={
                "VpcId": net["transfer"],
                "SubnetIds": net["transfer_subnets"],
                "SecurityGroupIds": [group],
            },
            Protocols=["FTP"],
            IdentityProviderType="AWS_LAMBDA",
            IdentityProviderDetails={"Function": lambda_idp},
            Tags=tags(Name=f"ftp-{n:02}"),
        )
        seeder.logins(
            [server_id],
            {
                f"user-{u}": {"Role": role("transfer-ftp"), "HomeDirectory": f"/acme-ftp/u{u}"}
                for u in range(users)
            },
        )
    seeder.wait_online()


def control(url, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{url}/_emulator/{path}", data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def timed(url, command, env):
    """Wall time of `command` and the AWS calls it made, by operation."""
    control(url, "DELETE", "requests")
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):  # the doctor exits 1 when it finds errors
        sys.exit(f"{command[0]} failed ({result.returncode}): {result.stderr[-2000:]}")
    calls = collections.Counter(r["operation"] for r in control(url, "GET", "requests"))
    return elapsed, calls


def median_run(url, command, env):
    runs = [timed(url, command, env) for _ in range(3)]
    return sorted(t for t, _ in runs)[1], runs[0][1]  # the median of three


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("console", help="the transfer-console binary")
    parser.add_argument("--aws", help="the AWS CLI (not needed with --console-only)")
    parser.add_argument("--servers", type=int, default=30)
    parser.add_argument("--users", type=int, default=3, help="user secrets per server")
    parser.add_argument("--console-only", action="store_true", help="skip the AWS CLI script")
    args = parser.parse_args()
    if not args.console_only and not args.aws:
        parser.error("--aws is needed unless --console-only")

    emulator, url, _ = start_emulator(seed=False)
    try:
        estate(url, args.servers, args.users)
        env = aws_env(url)
        doctor = [args.console, "doctor", "--format", "json", "--log-file", "/dev/null"]
        console_time, console_calls = median_run(url, doctor, env)
        control(
            url,
            "POST",
            "faults",
            {"service": "secretsmanager", "operation": "BatchGetSecretValue", "kind": "access_denied"},
        )
        single_time, single_calls = median_run(url, doctor, env)
        control(url, "DELETE", "faults")
        cli = None
        if not args.console_only:
            cli = timed(url, [str(ROOT / "benches" / "inventory-cli.sh")], {**env, "AWS_CLI": args.aws})
    finally:
        emulator.stdin.close()
        emulator.wait(timeout=10)

    print(f"\n## Inventory of {args.servers} servers ({args.users} user secrets each)\n")
    header = "| | doctor, BatchGetSecretValue | doctor, one GetSecretValue a secret |"
    rule = "|---|---|---|"
    times = f"| wall time | {console_time * 1000:.0f} ms | {single_time * 1000:.0f} ms |"
    calls = f"| AWS calls | {sum(console_calls.values())} | {sum(single_calls.values())} |"
    if cli:
        cli_time, cli_calls = cli
        header += " AWS CLI script (benches/inventory-cli.sh) |"
        rule += "---|"
        times += f" {cli_time:.1f} s |"
        calls += f" {sum(cli_calls.values())} |"
    print("\n".join([header, rule, times, calls]))
    if cli:
        print(f"| ratio | {cli_time / console_time:.0f}x faster | | 1x |")
    print(f"\nconsole calls: {dict(sorted(console_calls.items()))}")
    print(f"console calls, one at a time: {dict(sorted(single_calls.items()))}")
    if cli:
        print(f"CLI calls: {dict(sorted(cli_calls.items()))}")


if __name__ == "__main__":
    main()
