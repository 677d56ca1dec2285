"""CloudWatch Logs in the emulator: FilterLogEvents as AWS answers it, and
the demo estate's log events."""

import json
import subprocess
import sys
import time

import pytest
from botocore.exceptions import ClientError

from conftest import HERE, Emulator


def put(logs, group: str, streams: dict[str, list[str]], start: int) -> None:
    logs.create_log_group(logGroupName=group)
    for n, (stream, messages) in enumerate(streams.items()):
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
        logs.put_log_events(
            logGroupName=group,
            logStreamName=stream,
            logEvents=[
                {"timestamp": start + 10 * i + n, "message": m} for i, m in enumerate(messages)
            ],
        )


def test_filter_log_events_reads_only_the_streams_with_the_prefix_interleaved(emulator):
    logs = emulator.client("logs")
    start = int(time.time() * 1000) - 60_000
    put(
        logs,
        "/aws/transfer/s-prefix",
        {
            "partner-a.1": ["CONNECTED", "CLOSE"],
            "partner-ab.2": ["CONNECTED"],
            "ERRORS": ["AUTH_FAILURE"],
        },
        start,
    )
    found = logs.filter_log_events(logGroupName="/aws/transfer/s-prefix", logStreamNamePrefix="partner-a.")
    assert [e["logStreamName"] for e in found["events"]] == ["partner-a.1", "partner-a.1"]
    none = logs.filter_log_events(logGroupName="/aws/transfer/s-prefix", logStreamNamePrefix="nobody.")
    assert none["events"] == []
    every = logs.filter_log_events(logGroupName="/aws/transfer/s-prefix")["events"]
    times = [e["timestamp"] for e in every]
    assert times == sorted(times) and len(every) == 4
    with pytest.raises(ClientError) as e:
        logs.filter_log_events(
            logGroupName="/aws/transfer/s-prefix",
            logStreamNames=["ERRORS"],
            logStreamNamePrefix="partner-a.",
        )
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as e:
        logs.filter_log_events(logGroupName="/aws/transfer/missing", logStreamNamePrefix="a")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_access_denied_on_filter_log_events_names_the_action(emulator):
    logs = emulator.client("logs")
    emulator.control(
        "POST",
        "faults",
        {"service": "logs", "operation": "FilterLogEvents", "kind": "access_denied", "count": 1},
    )
    with pytest.raises(ClientError) as e:
        logs.filter_log_events(logGroupName="/aws/transfer/any")
    assert e.value.response["Error"]["Code"] == "AccessDeniedException"
    assert "logs:FilterLogEvents" in e.value.response["Error"]["Message"]


def test_the_seeded_estate_logs_both_formats_and_its_identity_provider():
    # Its own emulator: the estate's servers would change other tests' lists.
    emulator = Emulator("--transition-delay", "0.2")
    try:
        check_seeded_estate(emulator)
    finally:
        assert emulator.close() == 0


def check_seeded_estate(emulator):
    run = subprocess.run(
        [sys.executable, str(HERE / "seed.py"), "--endpoint", emulator.url, "--objects", "10"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    estate = json.loads(run.stdout)
    seeded = estate["logs"]
    logs, transfer = emulator.client("logs"), emulator.client("transfer")
    now = int(time.time() * 1000)

    def events(group, **kw):
        return logs.filter_log_events(logGroupName=group, startTime=now - 86_400_000, **kw)["events"]

    servers = estate["servers"]
    sftp = transfer.describe_server(ServerId=servers["sftp_public"])["Server"]
    assert sftp["StructuredLogDestinations"][0].endswith(f"log-group:{seeded['groups']['sftp_public']}:*")
    structured = events(seeded["groups"]["sftp_public"])
    assert all(json.loads(e["message"])["activity-type"] for e in structured)
    assert min(e["timestamp"] for e in structured) < now - 20 * 3_600_000
    assert any(e["timestamp"] > now - 3_600_000 for e in structured)

    ftp = transfer.describe_server(ServerId=servers["ftp_vpc"])["Server"]
    assert ftp["LoggingRole"]
    failing = seeded["failing"]
    burst = events(seeded["groups"]["ftp_vpc"], logStreamNamePrefix="ERRORS")
    mine = [
        e
        for e in burst
        if f"User={failing['user']} " in e["message"] and f"SourceIP={failing['source_ip']}" in e["message"]
    ]
    assert len(mine) == failing["count"]
    assert all(e["message"].startswith("ERRORS AUTH_FAILURE ") for e in mine)
    denied = events(seeded["groups"]["ftp_vpc"], logStreamNamePrefix=f"{seeded['denied']['user']}.")
    assert sum('Message="Access denied"' in e["message"] for e in denied) == 6

    idp = events(seeded["lambda_groups"]["ftp_vpc"])
    errors = [e for e in idp if "AccessDeniedException" in e["message"] and failing["user"] in e["message"]]
    timeouts = [e for e in idp if "Task timed out after 3.00 seconds" in e["message"]]
    assert errors and len(timeouts) == 1
    assert all(abs(e["timestamp"] - failing["first_ms"]) < 600_000 for e in errors + timeouts)

    tls = seeded["tls"]
    resumes = [e for e in events(seeded["groups"]["ftps_internet"]) if "TLS_RESUME_FAILURE" in e["message"]]
    assert len(resumes) == tls["count"]

    twin = transfer.describe_server(ServerId=servers["ftp_vpc_twin"])["Server"]
    assert "LoggingRole" not in twin and twin["StructuredLogDestinations"]
    names = [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePrefix="/aws/transfer/")["logGroups"]]
    assert seeded["missing_group"]["group"] not in names
    assert seeded["groups"]["ftp_vpc"] in names
