"""Fixtures: a serve.py on a free loopback port, boto3 clients for it, and
its control API."""

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

HERE = Path(__file__).resolve().parent
REGION = "ap-northeast-1"


class Emulator:
    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "serve.py"), "--exit-on-stdin-eof", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.ready_line = self.process.stdout.readline().rstrip("\n")
        self.url = self.ready_line.rsplit(" ", 1)[-1]

    def client(self, service: str, region: str = REGION, **config):
        """A client that does not retry, so each fault shows."""
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            config=Config(retries={"total_max_attempts": 1}, **config),
        )

    def control(self, method: str, path: str, body=None):
        request = urllib.request.Request(
            f"{self.url}/_emulator/{path}",
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def close(self) -> int:
        self.process.stdin.close()  # --exit-on-stdin-eof
        return self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def emulator():
    emu = Emulator("--transition-delay", "0.3")
    assert emu.ready_line.startswith("EMULATOR READY http://127.0.0.1:")
    yield emu
    assert emu.close() == 0


@pytest.fixture(autouse=True)
def clean_controls(emulator):
    """Each test starts without faults, latency or log entries."""
    emulator.control("DELETE", "faults")
    emulator.control("POST", "latency", {"ms": 0})
    emulator.control("POST", "config", {"transition_delay": 0.3})
    emulator.control("DELETE", "requests")
    yield


@pytest.fixture
def transfer(emulator):
    return emulator.client("transfer")


@pytest.fixture
def ec2(emulator):
    return emulator.client("ec2")


@pytest.fixture
def s3(emulator):
    return emulator.client("s3")


@pytest.fixture
def sm(emulator):
    return emulator.client("secretsmanager")
