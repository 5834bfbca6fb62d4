# Makes the demo repository of the README's report screenshot (docs/report.png): 160 commits over
# eight weeks, deployments to staging and prod with failures and a rollback, written as notes.
#   python3 scripts/report-demo.py [DIR]   (default /tmp/demo/repo), then
#   git deploy report --since 2026-01-05 --until 2026-03-01 --format html -o report.html
import json, os, random, subprocess, datetime
random.seed(7)
import sys
repo = sys.argv[1] if len(sys.argv) > 1 else "/tmp/demo/repo"
subprocess.run(["rm", "-rf", repo]); os.makedirs(repo)
env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", GIT_AUTHOR_NAME="x", GIT_AUTHOR_EMAIL="x@x", GIT_COMMITTER_NAME="x", GIT_COMMITTER_EMAIL="x@x")
def git(*a, **kw):
    return subprocess.run(["git", *a], cwd=repo, env=kw.get("env", env), check=True, capture_output=True, text=True).stdout.strip()
git("init", "-q", "-b", "main")
start = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.timezone.utc)
t = start; commits = []
for i in range(160):
    t += datetime.timedelta(hours=random.choice([2, 3, 5, 8, 12, 20]))
    stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    open(f"{repo}/f.txt", "a").write(f"{i}\n")
    git("add", "-A")
    e = dict(env, GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp, GIT_AUTHOR_NAME="Ada Lovelace", GIT_AUTHOR_EMAIL="ada@example.com",
             GIT_COMMITTER_NAME=random.choice(["Ada Lovelace", "Grace Hopper", "Linus T"]), GIT_COMMITTER_EMAIL="dev@example.com")
    git("commit", "-q", "-m", f"change {i}", env=e)
    commits.append((git("rev-parse", "HEAD"), t))
notes = {}
n = 0
def record(envname, commit, when, status, options=()):
    global n; n += 1
    entry = {"schema": 1, "id": f"deploy-{n:04d}", "environment": envname, "commit": commit, "branch": "main", "tag": None,
             "target": "direct-deployment", "status": status, "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
             "options": list(options), "user": random.choice(["Ada Lovelace <ada@example.com>", "Grace Hopper <grace@example.com>", "CI <ci@example.com>"]),
             "duration_seconds": 40.0}
    notes.setdefault(commit, []).append(entry)
# staging: deploy tip often; prod: less often, some failures and a rollback
last_prod = None
for i, (c, ct) in enumerate(commits):
    if i % 2 == 1:
        record("staging", c, ct + datetime.timedelta(minutes=random.choice([20, 45, 90])), "failed" if random.random() < 0.08 else "succeeded")
    if i % 6 == 5:
        when = ct + datetime.timedelta(hours=random.choice([1, 3, 6]))
        r = random.random()
        if r < 0.1:
            record("prod", c, when, "failed")
            record("prod", c, when + datetime.timedelta(minutes=random.choice([25, 50, 140])), "succeeded")
        elif r < 0.16 and last_prod:
            record("prod", c, when, "rolled-back")
            record("prod", last_prod, when + datetime.timedelta(minutes=18), "succeeded", ["--rollback"])
        else:
            record("prod", c, when, "succeeded"); last_prod = c
for commit, entries in notes.items():
    git("notes", "--ref", "deployments", "add", "-f", "-m", json.dumps(entries, indent=1), commit)
print(n, "entries;", commits[0][1], "to", commits[-1][1])
