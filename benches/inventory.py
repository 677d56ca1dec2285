"""The inventory of an estate of 30 servers: `transfer-console doctor` (every
server's detail, VPC endpoint, network interfaces, security groups and user
secrets, batched) beside benches/inventory-cli.sh, which makes the same
calls with the AWS CLI one server at a time. Reports both times, their
ratio, and the AWS calls each made (from the emulator's request log).

    python benches/inventory.py CONSOLE_BINARY --aws PATH_TO_AWS_CLI [--servers 30]
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

USERS_PER_SERVER = 3


def estate(url, count):
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
                for u in range(USERS_PER_SERVER)
            },
        )
    seeder.wait_online()


def control(url, method, path):
    request = urllib.request.Request(f"{url}/_emulator/{path}", method=method)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("console", help="the transfer-console binary")
    parser.add_argument("--aws", required=True, help="the AWS CLI")
    parser.add_argument("--servers", type=int, default=30)
    args = parser.parse_args()

    emulator, url, _ = start_emulator(seed=False)
    try:
        estate(url, args.servers)
        env = aws_env(url)
        console = [
            timed(url, [args.console, "doctor", "--format", "json", "--log-file", "/dev/null"], env)
            for _ in range(3)
        ]
        cli = timed(url, [str(ROOT / "benches" / "inventory-cli.sh")], {**env, "AWS_CLI": args.aws})
    finally:
        emulator.stdin.close()
        emulator.wait(timeout=10)

    console_time = sorted(t for t, _ in console)[1]  # the median of three
    console_calls = console[0][1]
    cli_time, cli_calls = cli
    print(f"\n## Inventory of {args.servers} servers ({USERS_PER_SERVER} user secrets each)\n")
    print("| | transfer-console doctor | AWS CLI script (benches/inventory-cli.sh) |")
    print("|---|---|---|")
    print(f"| wall time | {console_time * 1000:.0f} ms | {cli_time:.1f} s |")
    print(f"| AWS calls | {sum(console_calls.values())} | {sum(cli_calls.values())} |")
    print(f"| ratio | {cli_time / console_time:.0f}x faster | 1x |")
    print(f"\nconsole calls: {dict(sorted(console_calls.items()))}")
    print(f"CLI calls: {dict(sorted(cli_calls.items()))}")


if __name__ == "__main__":
    main()
