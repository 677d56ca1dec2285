"""Writes docs/user-guide.md with real captures of the running console: the
seeded emulator, the console binary in tmux, each pane reached with the keys
a person would press, and the screen as tmux shows it. `make docs` runs it;
run it again whenever a pane changes.

    python docs/capture.py CONSOLE_BINARY
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "emulator"))

from launch import aws_env, start_emulator  # noqa: E402

WIDTH, HEIGHT = 110, 26
GUIDE = ROOT / "docs" / "user-guide.md"


class Screen:
    """The console in a tmux session of its own."""

    def __init__(self, console, env, workdir):
        self.socket = f"tc-docs-{id(self)}"
        self.env = env  # the tmux server, and so the console, gets only this
        command = ["env", "TERM=tmux-256color", console, "--log-file", str(Path(workdir) / "console.log")]
        command += ["--audit-log", str(Path(workdir) / "audit.jsonl")]
        self.tmux("new-session", "-d", "-s", "main", "-x", str(WIDTH), "-y", str(HEIGHT), "--", *command)

    def tmux(self, *args):
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            check=True,
            capture_output=True,
            text=True,
            env=self.env,
        ).stdout

    def keys(self, *keys):
        for key in keys:
            self.tmux("send-keys", "-t", "main", key)
            time.sleep(0.05)

    def text(self):
        return self.tmux("capture-pane", "-p", "-t", "main")

    def wait_for(self, text, timeout=20.0, gone=None):
        """The screen once `text` is on it, `gone` is not, and no spinner
        says that a call is still out."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            screen = self.text()
            busy = any("\u2800" <= c <= "\u28ff" for c in screen)
            if text in screen and not busy and (gone is None or gone not in screen):
                time.sleep(0.3)  # let the last answers land
                return self.text()
            time.sleep(0.1)
        sys.exit(f"{text!r} did not appear:\n{self.text()}")

    def select_row(self, row_start, name):
        """Moves to the row that holds `name`, among the rows that start
        with `row_start` (the list's order is AWS's)."""
        rows = [line for line in self.text().splitlines() if f"│{row_start}" in line]
        index = next(i for i, row in enumerate(rows) if name in row)
        self.keys("g", *["Down"] * index)

    def select_server(self, server_id):
        self.select_row("s-", server_id)

    def close(self):
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, env=self.env
        )


def block(screen):
    lines = [line.rstrip() for line in screen.rstrip("\n").splitlines()]
    return "```text\n" + "\n".join(lines) + "\n```\n"


def capture(console):
    emulator, url, estate = start_emulator()
    servers = estate["servers"]
    shots = {}
    with tempfile.TemporaryDirectory() as workdir:
        screen = Screen(console, aws_env(url), workdir)
        try:
            shots["servers"] = screen.wait_for("Servers (4)", gone="…")

            screen.select_server(servers["ftps_internet"])
            screen.keys("Enter")
            shots["detail"] = screen.wait_for("Running cost")
            screen.keys("e")
            shots["endpoint"] = screen.wait_for("Security groups")
            screen.keys("Escape")
            screen.keys("K")
            shots["host_keys"] = screen.wait_for("Host keys of", gone="listing")
            screen.keys("Escape", "Escape")

            # The FTP server cloned: its endpoint step (the VPC, subnets
            # and groups picked from EC2's lists), then the summary.
            screen.select_server(servers["ftp_vpc"])
            screen.keys("C")
            screen.wait_for("Clone s-", gone="reading")
            screen.keys("Tab")
            shots["create"] = screen.wait_for("Security groups")
            screen.keys("Tab", "Tab", "Tab", "Tab")
            shots["create_summary"] = screen.wait_for("CreateServer will be sent with:")
            screen.keys("Escape")
            screen.wait_for("Servers (4)")

            screen.select_server(servers["ftp_vpc_twin"])
            screen.keys("X")
            shots["delete"] = screen.wait_for("Stays behind", gone="Reading")
            screen.keys("Escape")
            screen.keys("i")
            shots["provider"] = screen.wait_for("Permission for this server")
            screen.keys("Escape")

            screen.keys("D")
            shots["doctor"] = screen.wait_for("Doctor")
            screen.keys("Escape")

            screen.select_server(servers["sftp_public"])
            screen.keys("u")
            shots["managed_users"] = screen.wait_for("partner-b")
            screen.keys("g", "Down", "Down")
            screen.keys("A")
            shots["access"] = screen.wait_for("s3:DeleteObject")
            screen.keys("Escape", "Escape")

            screen.select_server(servers["ftp_vpc"])
            screen.keys("u")
            screen.wait_for("legacy-erp")
            screen.keys("Down")
            shots["idp_users"] = screen.wait_for("version ", gone="reading…")
            screen.keys("o")
            shots["home"] = screen.wait_for("daily-20261122.log")
            screen.keys("Escape", "Escape")

            # The FTP server's last hour: the seeded burst of refused logins,
            # the newest selected, its Lambda's lines beside it.
            screen.select_server(servers["ftp_vpc"])
            screen.keys("l")
            screen.wait_for("Failures by user", gone="reading")
            shots["activity"] = screen.wait_for("AccessDeniedException")
            # The oldest event of the hour: a session's, with its others.
            screen.keys("End", "Enter")
            shots["activity_event"] = screen.wait_for("Session ")
            screen.keys("Escape", "Escape")

            screen.keys("b")
            screen.wait_for("acme-partner-drop")
            screen.select_row("acme-", "acme-partner-drop")
            screen.keys("Enter")
            screen.wait_for("partner-a/")
            screen.keys("Enter")
            screen.wait_for("inbound/")
            screen.keys("Enter")
            shots["objects"] = screen.wait_for("orders-20261121.csv")
            screen.keys("End", "p")
            shots["preview"] = screen.wait_for("order_id")
            screen.keys("Escape", "Escape", "Escape", "Escape", "Escape")

            # The FTPS server's tags, then its users copied to the FTP
            # server: one fenced secret cannot be read, so it is skipped.
            screen.wait_for("Servers (4)")
            screen.select_server(servers["ftps_internet"])
            screen.keys("Enter")
            screen.wait_for("Running cost")
            screen.keys("T")
            shots["tags"] = screen.wait_for("Tags of", gone="listing")
            screen.keys("Escape", ":")
            screen.keys(f"copy-users {servers['ftp_vpc']}", "Enter")
            shots["user_copy_plan"] = screen.wait_for("y copies 1 user")
            screen.keys("y")
            shots["user_copy_done"] = screen.wait_for("Done: ")
            screen.keys("Escape", "Escape")

            screen.wait_for("Servers (4)")
            screen.keys("?")
            shots["help"] = screen.wait_for("This pane")
            screen.keys("Escape", "q")
        finally:
            screen.close()
            emulator.stdin.close()
            emulator.wait(timeout=10)
    return shots


def write_guide(shots):
    sections = [
        (
            "Servers",
            "servers",
            "The console opens on every Transfer Family server of the account and region: "
            "state, endpoint type, protocols, identity provider, users and what the server "
            "costs while it exists. Rows fill in as DescribeServer answers; the status bar "
            "names the profile, region and account, so nobody changes the wrong one. "
            "`/` filters (fuzzy: `prdsftp` finds prod-sftp), `s` sorts by the next column "
            "and `S` reverses; the same keys work in every list: users, buckets, findings.",
        ),
        (
            "Every region, every profile",
            None,
            "`--region all` lists the servers of every region where Transfer Family is offered (the `aws` partition; the list is kept in `src/model/regions.rs` and checked against botocore's endpoint data), `--region ap-northeast-1,us-east-1` those of the regions named, and `--profile ops,audit` those of each profile (each resolves its own credentials, SSO included); `:region all`, `:region a,b` and `:profile a,b` do the same from inside. The list then has a REGION column after the id, and an ACCOUNT column with several profiles (the account each profile's credentials belong to, from STS GetCallerIdentity, else the one in the server's ARN); both sort with `s` and filter with `/` like the other columns (`/us-east` keeps that region's rows). Rows appear as each region answers, the fastest first; the title says `listing…` until every region has. Calls are shared fairly between regions, at most eight at once, so a region with many servers does not hold back the others.\n\nWith `all`, the opt-in regions the account has not enabled (EC2 DescribeRegions) are skipped and a notice names them; where DescribeRegions is denied the notice says so and every region is tried. A region or profile that fails (AccessDenied from an SCP, an expired SSO token, an endpoint that does not answer) is one row, `⚠ failed` with its region, profile and a few words; the whole sentence is in `:messages`. It never hides the other rows.\n\nThe panes keep one active session, shown in the status bar. Opening anything from a row of another region or profile (Enter, `u`, `d`, `P`, `b`) first switches the active session to that row's, as `:region` does (and, like it, waits while a write is unanswered); the swept list stays. `r` sweeps again; the automatic refresh (`--refresh`) does not, as it would call every region each interval. `:region NAME` goes back to one region.\n\nTry it on the demo: `make demo` has two profiles, `demo` and `subsidiary`, whose keys belong to two accounts of the emulator; `:profile demo,subsidiary` lists the servers of both with their ACCOUNT. With `AWS_ACCESS_KEY_ID` set, a comma list of profiles is refused (`--profile a,b` exits with the reason, `:profile a,b` says it where typed): those credentials come before every profile's, so each profile would be the same account.",
        ),
        (
            "Server detail",
            "detail",
            "`Enter` on a server: every setting an operator needs, the protocol settings "
            "(`t` TLS session resumption, `p` PassiveIp, `o` SetStatOption, `a` apply with a "
            "restart), start "
            "and stop (`s`, `x`), and the running cost. Questions take `y`, never `Enter` "
            "alone; a stop or a restart, also the one offered after a PassiveIp change, asks "
            "for the server's id or Name to be typed.",
        ),
        (
            "Endpoint view",
            "endpoint",
            "`e` on a VPC server's detail: the VPC endpoint, each network interface with "
            "its private and Elastic IP per AZ, and each security group with a verdict "
            "for every port the server's protocols need.",
        ),
        (
            "Host keys",
            "host_keys",
            "`K` on a server's detail: every SSH host key of the server (ListHostKeys) with "
            "its id, fingerprint, type, date imported and description. Clients are shown the "
            "oldest key of each type, and DescribeServer's HostKeyFingerprint is the oldest "
            "key's; the probe (`P`) compares the key a server offers with every one of them. "
            "`i` imports a private key from a file, or from `$EDITOR` when the path is left "
            "empty (edited in a private directory removed afterwards, as secrets are; the key "
            "is never drawn, logged or audited); `e` changes a description; `x` deletes a key "
            "once its id is typed. Each change is audited and refused under `--read-only`.",
        ),
        (
            "Tags",
            "tags",
            "`T` on a server's detail: the server's tags (ListTagsForResource), sorted by key. "
            "`n` adds one, `e` changes the selected tag's value, `x` removes it; each is "
            "checked where it is typed against AWS's limits (a key of 1 to 128 characters, a "
            "value of up to 256, letters, digits, spaces and `_ . : / = + - @` only, no key "
            "under `aws:` but the two Transfer Family reads, at most 50 tags), shown as before "
            "→ after, confirmed with `y`, sent as TagResource or UntagResource and audited. A "
            "change AWS answers with an error is read back: \"took effect although AWS "
            "answered\", unchanged, or unknown. Refused under `--read-only`.",
        ),
        (
            "Creating and cloning a server",
            "create",
            "`N` on the servers list (or `:new`) opens the create form; `C` on a server,\nin the list or in its detail, opens the same form filled in from\nDescribeServer, so that a twin comes out equal to the original in\neverything not changed. The form has five steps and a summary; `Tab` and\n`Shift-Tab` move between them, `↑`/`↓` between the rows of a step, `Space`\n(or `Enter`) chooses a row or starts typing a field, and `Enter` keeps what\nwas typed (`Ctrl-U` clears it, `Esc` leaves it as it was).\n\n1. **Protocols**: SFTP, FTP, FTPS, and the region the server goes to. A\n   clone may go to another region: the form then reads that region's pick\n   lists, and the identity provider and certificate must be of that region\n   too.\n2. **Endpoint**: PUBLIC, or VPC with the VPC, its subnets (each with its\n   Availability Zone, one per zone), security groups, and free Elastic IPs\n   (one per subnet, for an internet-facing endpoint), all picked from\n   what EC2 lists: no id is typed. A clone keeps the original's VPC,\n   subnets and the security groups of its VPC endpoint; for a twin in the\n   other zone, untick the subnet and tick the other. An original's\n   Elastic IPs are in use: pick free ones. A clone gets its own SFTP host\n   key (AWS never gives a private key back): for twins behind one\n   hostname, import the original's key with `K` on the twin.\n3. **Identity provider**: SERVICE_MANAGED, AWS_LAMBDA with the function's\n   ARN, or API_GATEWAY with the stage URL and the invocation role.\n4. **Certificate**, for FTPS: the issued certificates ACM lists. Where\n   `acm:ListCertificates` is denied, the form says so and takes a typed ARN.\n5. **Settings**: the Name, the logging role, the security policy,\n   PassiveIp, TLS session resumption, and other tags as `key=value, ...`.",
        ),
        (
            "The create summary",
            "create_summary",
            'Every rule AWS applies to CreateServer is checked at once and shown under\nthe step it belongs to, and the step\'s number is marked `✗` until it is\nfixed: FTP and FTPS need a VPC endpoint and a custom identity provider,\nFTPS a certificate, FTP no Elastic IPs; subnets of the chosen VPC, one per\nzone; ARNs of the right service and region; a Transfer security policy\nname; PassiveIp AUTO or an IPv4 address; tags AWS accepts. A typed field\nsays its error when it is kept. The summary shows the CreateServer request\nmember by member, with the problems first; `y` (never `Enter`) sends it\nonly when there are none.\n\nCreateServer is sent once, never retried (it has no idempotency token, and\na retry after a lost answer would make a second server). It carries the\ntag `transfer-console:creation` with a value unique to the request: when\nAWS answers with an error, the console looks for the server carrying it\nand says "created anyway", "not created" or "unknown". The new server is\nthen followed from STARTING to ONLINE (DescribeServer every 5 seconds),\nboth steps are audited, and the servers list selects it. Refused under\n`--read-only`. A new server is billed from the moment it exists. A clone that comes ONLINE opens the copy of its original\'s users (service-managed users with their SSH keys, or the login secrets under the new server\'s id): the plan first, nothing written before `y`; `Esc` leaves the twin without them.',
        ),
        (
            "Deleting a server",
            "delete",
            "`X` on a server: before anything is asked, what goes with the server (its "
            "users, VPC endpoint and interfaces, the Elastic IPs it used, the running cost "
            "saved) and what stays behind (the custom identity provider's login secrets, kept "
            "as orphans or, with `Tab`, deleted with their recovery window; the host keys; the "
            "Route 53 records that point at the server, or why they were not checked). "
            "Typing the server's id or Name sends DeleteServer; the console follows it until "
            "AWS no longer lists the server, audits it, and lists the servers again. Refused "
            "under `--read-only`.",
        ),
        (
            "Identity provider view",
            "provider",
            "`i` on a server (in the list or its detail): for AWS_LAMBDA, the function's "
            "state, runtime, timeout, last change, role and the NAMES of its environment "
            "variables (never their values), then whether its resource policy lets "
            "transfer.amazonaws.com invoke it for THIS server (`AWS:SourceArn`, "
            "`AWS:SourceAccount`). A per-AZ twin sharing the function but missing from "
            "its policy is an error: every login on it fails and the function's log stays "
            "empty. `y` copies the `aws lambda add-permission` command; `f` adds the "
            "statement itself after asking (audited; refused under `--read-only`). For "
            "API_GATEWAY: the URL, the invocation role and whether it trusts "
            "transfer.amazonaws.com; SERVICE_MANAGED has no provider to check.",
        ),
        (
            "Doctor",
            "doctor",
            "`D` checks every server (`d` the selected one) for the misconfigurations that "
            "break transfers; `f` on a finding opens the console's own fix. With "
            "`--refresh`, the check runs again by itself and the findings stay on screen "
            "until the new ones arrive.",
        ),
        (
            "Users of a SERVICE_MANAGED server",
            "managed_users",
            "`u` on a server opens its users where they live. For SERVICE_MANAGED servers "
            "they are Transfer users: home, role, SSH keys; `n` new, `e` edit, `a`/`K` "
            "import or delete a key, `x` delete, `o` browse the home.",
        ),
        (
            "Users of a custom identity provider server",
            "idp_users",
            "For AWS_LAMBDA and API_GATEWAY servers the users are Secrets Manager secrets "
            "(`aws/transfer/<server-id>/<user>`). The password is never drawn unless `p` "
            "reveals it (for ten seconds); `t` tests a login, `R` rotates (type the user's "
            "name: clients with the old password are locked out), `C` copies the "
            "user to another server, `x`/`U` delete with a recovery window and restore.",
        ),
        (
            "Copying users to another server",
            "user_copy_plan",
            "`U` on a server's detail (the command line opens with `copy-users ` typed), or "
            "`:copy-users <server-id>` from its detail or users pane: every user of this "
            "server copied to the other one. Both servers are read first and nothing is written until `y`: the "
            "plan names each user and what will be copied (a SERVICE_MANAGED user's role, "
            "home and its mappings, policy, POSIX profile, tags and each SSH key; a custom "
            "identity provider's login secret, by its keys' names, under the target's id, "
            "the way `C` copies one) or why it is skipped: the target has the user already "
            "(never overwritten), its secret cannot be read (the IAM action is named), or the "
            "servers are of different kinds (a Transfer user cannot become a login secret, "
            "nor the other way). A target listed in another region or profile (a sweep's row) "
            "is read and written with that scope's credentials. A bad id is refused on the command line; `--read-only` "
            "refuses the copy.",
        ),
        (
            "The copy's results",
            "user_copy_done",
            "`y` starts the copy, four users at a time; each row says copied, skipped or "
            "failed with the reason as its answer comes, and the end says how many of each. A "
            "write AWS answers with an error is read back (DescribeUser, or the secret read "
            "again without showing it): \"created anyway\", not created, or unknown. Every copy "
            "is audited (`User:copy`, `LoginSecret:copy`), also one still unanswered when "
            "the console quits. Secret values are never drawn, logged or audited.",
        ),
        (
            "Activity",
            "activity",
            "`l` on a server (in the list or its detail), or `:activity`: what happened on it, "
            "from its CloudWatch Logs group (the one StructuredLogDestinations names, else "
            "`/aws/transfer/<server-id>`), both formats AWS writes. On top, the window (`w` "
            "steps through 15 min, 1 h, 24 h and 7 d; `W` takes a typed start and end, UTC) "
            "and the failures by user and by source IP, with how many events they cover; "
            "below, the events newest first, with `/` and `s` as in every list. The first "
            "page is drawn at once and the rest read behind it (\"reading more…\"). `F` "
            "follows: new events appear as they arrive, each once. For a Lambda identity "
            "provider, the function's own log (`/aws/lambda/<function>`) is read over the "
            "same window and, when a refused login is selected, its lines nearest it are "
            "shown below: here the Lambda could not read scanner01's secret. `l` on a user "
            "(either users pane, or after a refused `t` login test) shows that user's "
            "activity only.",
        ),
        (
            "An event and its session",
            "activity_event",
            "`Enter` on an event: every field as logged, then the other events of its "
            "session (same session id), the selected one marked.",
        ),
        (
            "Access check of a user",
            "access",
            "`A` on a user in either users pane checks each link between a login and "
            "the files: the user's role (from DescribeUser or the secret's `Role`), whether "
            "its trust policy lets transfer.amazonaws.com assume it (conditions shown), "
            "its inline and attached policies and the session policy, judged for the home "
            "(each LOGICAL target apart): `s3:ListBucket` with the home's prefix, then "
            "`s3:GetObject`, `s3:PutObject` and `s3:DeleteObject` on everything under it, "
            "each allowed, denied or unknown with the statement that decided. For a custom "
            "identity provider's user, the secret's resource policy is checked against the "
            "role of the function that reads it. A call that is denied (iam:GetRole, say) is "
            "named on its line and the rest of the check still runs; the last line says "
            "what is not evaluated (SCPs, permission boundaries, KMS key policies, bucket "
            "policies).",
        ),
        (
            "A user's home directory",
            "home",
            "`o` on a user opens their home directory in the S3 browser: did the file arrive?",
        ),
        (
            "S3 browser",
            "objects",
            "`b` lists the buckets; folders open with `Enter`. `n` shows recent uploads "
            "first, `s` sorts, `/` filters by name, `i` shows an object's detail, `d` "
            "downloads. A prefix that fits one page is listed again every `--refresh` "
            "seconds, so a partner's upload shows up without a key pressed.",
        ),
        (
            "Preview",
            "preview",
            "`p` shows the first 64 KiB of a text object; binary objects are not dumped "
            "into the terminal.",
        ),
        (
            "Help",
            "help",
            "`?` lists the keys of the pane on screen, from the same table that handles them.",
        ),
    ]
    out = [
        "# User guide\n",
        "\nEvery picture below is a real capture of the console running against the "
        "emulator's demo estate (`make demo` shows the same), made by "
        "[docs/capture.py](capture.py); `make docs` makes them again. "
        f"Captured at {WIDTH}×{HEIGHT}.\n",
    ]
    for title, key, text in sections:
        out.append(f"\n## {title}\n\n{text}\n\n")
        # A section without a capture is prose only (a sweep needs several
        # regions' answers, which the single-region demo run does not make).
        if key is not None:
            out.append(block(shots[key]))
    GUIDE.write_text("".join(out))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    write_guide(capture(sys.argv[1]))
    print(f"wrote {GUIDE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
