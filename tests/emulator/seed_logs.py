"""CloudWatch Logs for the demo estate: what the servers and the FTP
servers' identity provider wrote over the last 24 hours, timed from now.

- sftp_public writes structured JSON (StructuredLogDestinations, one
  stream): partner-a's uploads, partner-b's downloads, one refused key.
- ftp_vpc writes legacy lines (a LoggingRole: `<user>.<session-id>` streams
  and ERRORS): legacy-erp's exports, warehouse's downloads, an AUTH_FAILURE
  burst for scanner01 from one address while the Lambda could not read its
  secret and once timed out, and edi-partner logging in and then refused
  every file operation (its role, not its password).
- ftps_internet (TlsSessionResumptionMode ENFORCED, legacy): an upload, then
  data connections refused for not resuming the TLS session.
- ftp_vpc_twin has logging set (a structured destination) whose log group
  no longer exists: the doctor says what that can and cannot mean.
"""

import json
import secrets
import time

MINUTE = 60_000
HOUR = 60 * MINUTE

FAILING_USER, FAILING_IP, BURST = "scanner01", "10.1.2.57", 8
DENIED_USER, TLS_USER, TLS_IP = "edi-partner", "ext-logistics", "198.51.100.80"
MISSING_GROUP = "/aws/transfer/ftp-legacy-1a"


def session_id() -> str:
    return secrets.token_hex(8)


def request_id() -> str:
    h = secrets.token_hex(16)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def iso(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}Z"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Logs:
    """Events gathered per group and stream, written in time order."""

    def __init__(self, client, region: str, account: str) -> None:
        self.client, self.region, self.account = client, region, account
        self.groups: dict[str, dict[str, list[tuple[int, str]]]] = {}

    def add(self, group: str, stream: str, at: int, message: str) -> None:
        self.groups.setdefault(group, {}).setdefault(stream, []).append((at, message))

    def arn(self, group: str) -> str:
        return f"arn:aws:logs:{self.region}:{self.account}:log-group:{group}:*"

    def write(self) -> dict[str, int]:
        counts = {}
        for group, streams in self.groups.items():
            self.client.create_log_group(logGroupName=group)
            counts[group] = 0
            for stream, events in streams.items():
                self.client.create_log_stream(logGroupName=group, logStreamName=stream)
                events.sort()
                for start in range(0, len(events), 500):
                    batch = events[start : start + 500]
                    self.client.put_log_events(
                        logGroupName=group,
                        logStreamName=stream,
                        logEvents=[{"timestamp": t, "message": m} for t, m in batch],
                    )
                counts[group] += len(events)
        return counts


class Structured:
    """A server writing JSON, one object per event, in one stream."""

    def __init__(self, logs: Logs, group: str, stream: str, server_arn: str) -> None:
        self.logs, self.group, self.stream, self.arn = logs, group, stream, server_arn

    def event(self, at: int, **fields) -> None:
        body = {"resource-arn": self.arn, **{k.replace("_", "-"): v for k, v in fields.items()}}
        self.logs.add(self.group, self.stream, at, json.dumps(body))

    def session(self, at, user, ip, role, home, files, method="publickey") -> None:
        sid = session_id()
        self.event(
            at,
            activity_type="CONNECTED",
            user=user,
            source_ip=ip,
            session_id=sid,
            method=method,
            client="SSH-2.0-OpenSSH_8.9p1",
            role=role,
            home_dir=home,
            kex="curve25519-sha256",
            ciphers="aes256-gcm@openssh.com,aes256-gcm@openssh.com",
        )
        at += 1200
        for path, mode, size in files:
            self.event(at, activity_type="OPEN", path=path, mode=mode, session_id=sid)
            at += 800 + size // 5000
            direction = "bytes-in" if "WRITE" in mode else "bytes-out"
            self.event(
                at, activity_type="CLOSE", path=path, session_id=sid, **{direction: str(size)}
            )
            at += 300
        self.event(at + 500, activity_type="DISCONNECTED", session_id=sid)


class Legacy:
    """A server writing text lines: a stream per `<user>.<session-id>`, and
    ERRORS for what belongs to no session."""

    def __init__(self, logs: Logs, group: str) -> None:
        self.logs, self.group = logs, group

    def line(self, stream: str, at: int, text: str) -> None:
        self.logs.add(self.group, stream, at, f"{stream} {text}")

    def connect(self, at, user, ip, home, role) -> str:
        stream = f"{user}.{session_id()}"
        self.line(
            stream,
            at,
            f"CONNECTED SourceIP={ip} User={user} HomeDir={home} Client=FTP Role={role}",
        )
        return stream

    def session(self, at, user, ip, home, role, files) -> int:
        stream = self.connect(at, user, ip, home, role)
        at += 900
        for path, mode, size in files:
            self.line(stream, at, f"OPEN Path={path} Mode={mode}")
            at += 700 + size // 4000
            field = "BytesIn" if "WRITE" in mode else "BytesOut"
            self.line(stream, at, f"CLOSE Path={path} {field}={size}")
            at += 250
        self.line(stream, at + 400, "DISCONNECTED")
        return at

    def auth_failure(self, at, user, ip, message, method="password") -> None:
        self.line(
            "ERRORS",
            at,
            f"AUTH_FAILURE Method={method} User={user} Message={quoted(message)} SourceIP={ip}",
        )


class Lambda:
    """The identity provider function's own log: START, the sample's
    lines, END and REPORT for each invocation."""

    def __init__(self, logs: Logs, function: str, now: int) -> None:
        self.logs, self.group = logs, f"/aws/lambda/{function}"
        day = time.strftime("%Y/%m/%d", time.gmtime(now / 1000))
        self.stream = f"{day}/[$LATEST]{secrets.token_hex(16)}"

    def add(self, at: int, text: str) -> None:
        self.logs.add(self.group, self.stream, at, text)

    def invocation(self, at: int, user: str, ip: str, outcome: str, secret: str, role: str) -> None:
        """An invocation that ends `at`, for `user`: ok, denied (the secret
        could not be read) or timeout."""
        req = request_id()
        took = 3000 if outcome == "timeout" else 140
        start = at - took
        self.add(start, f"START RequestId: {req} Version: $LATEST")
        self.add(start + 5, f"[INFO]\t{iso(start + 5)}\t{req}\tAuthenticating {user} from {ip} (FTP)")
        if outcome == "ok":
            self.add(start + 120, f"[INFO]\t{iso(start + 120)}\t{req}\tAuthenticated {user}")
        elif outcome == "wrong_password":
            self.add(
                start + 100,
                f"[INFO]\t{iso(start + 100)}\t{req}\tPassword did not match for {user}",
            )
        elif outcome == "denied":
            self.add(
                start + 110,
                f"[ERROR]\t{iso(start + 110)}\t{req}\tAccessDeniedException: An error occurred "
                "(AccessDeniedException) when calling the GetSecretValue operation: User: "
                f"{role} is not authorized to perform: secretsmanager:GetSecretValue on resource: "
                f"{secret} because no identity-based policy allows the "
                "secretsmanager:GetSecretValue action",
            )
        else:
            self.add(at, f"{iso(at)} {req} Task timed out after 3.00 seconds")
        self.add(at + 2, f"END RequestId: {req}")
        billed = 3000 if outcome == "timeout" else took
        self.add(
            at + 3,
            f"REPORT RequestId: {req}\tDuration: {took:.2f} ms\tBilled Duration: {billed} ms\t"
            "Memory Size: 128 MB\tMax Memory Used: 71 MB",
        )


def seed(seeder, now: int | None = None) -> dict:
    """Sets logging on the servers that log, writes their events, and
    returns what tests need to know of them."""
    now = now or int(time.time() * 1000)
    servers, region, account = seeder.out["servers"], seeder.region, seeder.out["account"]
    transfer = seeder.transfer
    logs = Logs(seeder.logs, region, account)

    def arn(key: str) -> str:
        return f"arn:aws:transfer:{region}:{account}:server/{servers[key]}"

    def role(name: str) -> str:
        return f"arn:aws:iam::{account}:role/{name}"

    # --- sftp_public: structured JSON into /aws/transfer/<id> ---
    sftp = servers["sftp_public"]
    sftp_group = f"/aws/transfer/{sftp}"
    transfer.update_server(ServerId=sftp, StructuredLogDestinations=[logs.arn(sftp_group)])
    out = Structured(logs, sftp_group, sftp, arn("sftp_public"))
    drop = role("transfer-partner-drop")
    for hours_ago in (23, 18, 12, 6, 2, 0.6, 0.12):
        at = now - int(hours_ago * HOUR)
        stamp = time.strftime("%Y%m%d-%H%M", time.gmtime(at / 1000))
        out.session(
            at,
            "partner-a",
            "203.0.113.7",
            drop,
            "/acme-partner-drop/partner-a",
            [
                (f"/acme-partner-drop/partner-a/inbound/orders-{stamp}.csv", "CREATE|TRUNCATE|WRITE", 48_213 + int(hours_ago * 977)),
            ],
        )
    for hours_ago in (20, 4, 0.8):
        out.session(
            now - int(hours_ago * HOUR),
            "partner-b",
            "198.51.100.14",
            drop,
            "/acme-partner-drop/partner-b",
            [("/acme-partner-drop/partner-b/invoices/invoice-2026-11.csv", "READ", 53)],
        )
    out.event(
        now - 3 * HOUR,
        activity_type="AUTH_FAILURE",
        user="auditor",
        source_ip="192.0.2.30",
        method="publickey",
        message="Unable to authenticate with the public key",
    )

    # --- ftp_vpc: legacy lines, its Lambda's log beside them ---
    ftp = servers["ftp_vpc"]
    ftp_group = f"/aws/transfer/{ftp}"
    transfer.update_server(ServerId=ftp, LoggingRole=role("AWSTransferLoggingAccess"))
    legacy = Legacy(logs, ftp_group)
    idp_role = f"arn:aws:sts::{account}:assumed-role/transfer-ftp-idp-role/transfer-ftp-idp"
    idp = Lambda(logs, "transfer-ftp-idp", now)
    ftp_role = role("transfer-legacy-ftp")

    def login(at, user, ip, outcome="ok"):
        idp.invocation(at, user, ip, outcome, f"aws/transfer/{ftp}/{user}", idp_role)

    for hours_ago in (22, 10, 0.7):
        at = now - int(hours_ago * HOUR)
        login(at - 50, "legacy-erp", "10.1.1.15")
        stamp = time.strftime("%Y%m%d", time.gmtime(at / 1000))
        legacy.session(
            at,
            "legacy-erp",
            "10.1.1.15",
            "/acme-legacy-ftp/erp",
            ftp_role,
            [
                (f"/acme-legacy-ftp/erp/daily-{stamp}.log", "CREATE|TRUNCATE|WRITE", 1_840_021),
                (f"/acme-legacy-ftp/erp/export-{stamp}.csv", "CREATE|TRUNCATE|WRITE", 912_337),
            ],
        )
    for hours_ago in (5, 0.5):
        at = now - int(hours_ago * HOUR)
        login(at - 50, "warehouse", "10.1.1.31")
        legacy.session(
            at,
            "warehouse",
            "10.1.1.31",
            "/",
            ftp_role,
            [("/stock-20261122.csv", "READ", 40)],
        )
    # A typo, once: not a pattern.
    login(now - 9 * HOUR, "legacy-erp", "10.1.1.15", "wrong_password")
    legacy.auth_failure(now - 9 * HOUR + 30, "legacy-erp", "10.1.1.15", "Invalid user name or password")
    # The burst: the Lambda cannot read scanner01's secret; once it times out.
    burst_start = now - 25 * MINUTE
    burst = []
    for n in range(BURST):
        at = burst_start + n * 40_000
        login(at, FAILING_USER, FAILING_IP, "timeout" if n == 3 else "denied")
        legacy.auth_failure(at + 40, FAILING_USER, FAILING_IP, "Invalid user name or password")
        burst.append(at + 40)
    # Logged in, then refused every file operation: the role, not the password.
    for minutes_ago in (7 * 60, 45):
        at = now - minutes_ago * MINUTE
        login(at - 50, DENIED_USER, "10.1.1.40")
        stream = legacy.connect(at, DENIED_USER, "10.1.1.40", "/acme-legacy-ftp/edi", ftp_role)
        for n, name in enumerate(("ORDERS-0412.edi", "ORDERS-0413.edi", "INVOIC-0098.edi")):
            path = f"/acme-legacy-ftp/edi/in/{name}"
            legacy.line(stream, at + 1000 + n * 900, f"OPEN Path={path} Mode=CREATE|TRUNCATE|WRITE")
            legacy.line(
                stream,
                at + 1300 + n * 900,
                f'ERROR Message="Access denied" Operation=OPEN Path={path}',
            )
        legacy.line(stream, at + 4000, "DISCONNECTED")

    # --- ftps_internet: legacy, TLS resumption ENFORCED ---
    ftps = servers["ftps_internet"]
    ftps_group = f"/aws/transfer/{ftps}"
    tls = Legacy(logs, ftps_group)
    exchange = role("transfer-ftps-exchange")
    ftps_idp = Lambda(logs, "transfer-ftps-idp", now)
    ftps_idp_role = f"arn:aws:sts::{account}:assumed-role/transfer-ftps-idp-role/transfer-ftps-idp"
    for hours_ago in (16, 3):
        at = now - hours_ago * HOUR
        ftps_idp.invocation(at - 50, TLS_USER, "203.0.113.60", "ok", "", ftps_idp_role)
        tls.session(
            at,
            TLS_USER,
            "203.0.113.60",
            "/acme-ftps-exchange/ext-logistics",
            exchange,
            [("/acme-ftps-exchange/ext-logistics/outbound/manifest-20261122.csv", "READ", 31)],
        )
    at = now - 15 * MINUTE
    ftps_idp.invocation(at - 50, TLS_USER, TLS_IP, "ok", "", ftps_idp_role)
    stream = tls.connect(at, TLS_USER, TLS_IP, "/acme-ftps-exchange/ext-logistics", exchange)
    for n in range(3):
        tls.line(
            stream,
            at + 2000 + n * 1500,
            f"TLS_RESUME_FAILURE SourceIP={TLS_IP} User={TLS_USER} "
            'Message="Data connection did not resume the TLS session of the control connection"',
        )
    tls.line(stream, at + 7000, "DISCONNECTED")
    for hours_ago in (6, 0.5):
        at = now - int(hours_ago * HOUR)
        ftps_idp.invocation(at - 50, "ec2-batch", "203.0.113.61", "ok", "", ftps_idp_role)
        tls.session(
            at,
            "ec2-batch",
            "203.0.113.61",
            "/acme-ftps-exchange/internal",
            exchange,
            [("/acme-ftps-exchange/internal/stock.csv", "CREATE|TRUNCATE|WRITE", 2_048)],
        )

    # --- ftp_vpc_twin: logging set, its group deleted ---
    transfer.update_server(
        ServerId=servers["ftp_vpc_twin"], StructuredLogDestinations=[logs.arn(MISSING_GROUP)]
    )

    counts = logs.write()
    return {
        "groups": {
            "sftp_public": sftp_group,
            "ftp_vpc": ftp_group,
            "ftps_internet": ftps_group,
            "ftp_vpc_twin": MISSING_GROUP,
        },
        "structured": "sftp_public",
        "missing_group": {"server": "ftp_vpc_twin", "group": MISSING_GROUP},
        "lambda_groups": {"ftp_vpc": idp.group, "ftps_internet": ftps_idp.group},
        "events": counts,
        "failing": {
            "server": "ftp_vpc",
            "user": FAILING_USER,
            "source_ip": FAILING_IP,
            "count": BURST,
            "first_ms": burst[0],
            "last_ms": burst[-1],
        },
        "denied": {"server": "ftp_vpc", "user": DENIED_USER, "sessions": 2},
        "tls": {"server": "ftps_internet", "user": TLS_USER, "source_ip": TLS_IP, "count": 3},
        "uploader": {"server": "sftp_public", "user": "partner-a", "sessions": 7},
    }
