"""Writes a git fast-import stream that records deployments on the commits read from stdin
(newest first), as a single notes commit on a notes ref in git-deploy's entry format.
Used by run.sh to make thousands of deployments in a second rather than one record process each.

    make-deployments.py [ENTRIES [REF]]

ENTRIES (default: one per commit) are dealt out over the commits in turn, so a commit carries
several entries when there are more entries than commits; REF defaults to refs/notes/deployments."""
import datetime
import json
import sys

commits = [line.strip() for line in sys.stdin if line.strip()]
count = int(sys.argv[1]) if len(sys.argv) > 1 else len(commits)
ref = sys.argv[2] if len(sys.argv) > 2 else "refs/notes/deployments"
environments = ["dev", "staging", "prod"]
targets = {"dev": "direct-deployment", "staging": "direct-deployment", "prod": "release-workflow"}
start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
w = sys.stdout.buffer.write
w(b"commit %s\n" % ref.encode())
w(b"committer bench <bench@example.com> 1767225600 +0000\n")
message = b"git-deploy benchmark: %d recorded deployments\n" % count
w(b"data %d\n%s\n" % (len(message), message))
# Newest deployments on the newest commits: the list runs from HEAD~1 backwards in time.
notes = {}
for index in range(count):
    commit = commits[index % len(commits)]
    environment = environments[index % 3]
    when = start + datetime.timedelta(minutes=10 * (count - index))
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    entry = {
        "schema": 1, "id": f"deploy-{when:%Y%m%d-%H%M%S}-{commit[:7]}-{index % 65536:04x}",
        "environment": environment, "commit": commit, "branch": "main", "tag": None,
        "target": targets[environment], "routing_key": f"{environment},medium,standard",
        "rule": 3 if environment == "prod" else 4 if environment == "dev" else 7, "options": [],
        "complexity": "medium", "platform": "docker", "mode": "standard",
        "status": "failed" if index % 17 == 0 else "succeeded", "timestamp": stamp,
        "duration_seconds": float(30 + index % 90), "user": "bench <bench@example.com>",
        "previous_commit": None, "gates": [], "probes": [],
    }
    notes.setdefault(commit, []).append(json.dumps(entry, separators=(",", ":")))
for commit, entries in notes.items():
    body = ("[\n" + ",\n".join(entries) + "\n]\n").encode()
    w(b"N inline %s\ndata %d\n%s\n" % (commit.encode(), len(body), body))
