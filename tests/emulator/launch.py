"""Start a seeded emulator and give a console process the environment that
points it there, for the scripts outside the Rust tests (benchmarks, the
user guide's captures)."""

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGION = "ap-northeast-1"


def start_emulator(seed=True, objects=0):
    """A fresh emulator on a free port, seeded with the demo estate; returns
    the process (stop it by closing its stdin), its URL and the estate."""
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "serve.py"), "--port", "0", "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline().strip()
    if not line.startswith("EMULATOR READY "):
        sys.exit(f"the emulator did not start: {line!r}")
    url = line.removeprefix("EMULATOR READY ")
    if not seed:
        return proc, url, {}
    seeded = subprocess.run(
        [sys.executable, str(HERE / "seed.py"), "--endpoint", url, "--objects", str(objects)],
        check=True,
        capture_output=True,
        text=True,
    )
    return proc, url, json.loads(seeded.stdout)


def aws_env(url):
    """This process's environment without the developer's own AWS set-up,
    with fixed test credentials and the emulator as every endpoint."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "NO_COLOR"}
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION=REGION,
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE="/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent/aws-credentials",
        AWS_EC2_METADATA_DISABLED="true",
        AWS_ENDPOINT_URL=url,
        TERM="xterm-256color",
    )
    return env
