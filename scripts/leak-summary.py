#!/usr/bin/env python3
"""Summarises a valgrind --leak-check=full --show-leak-kinds=all log for scripts/leak-check.sh.

Prints one line: definitely/indirectly/possibly lost and still reachable bytes and blocks, and
"handles": blocks still allocated at exit whose allocation went through a libgit2 call that hands
an object to the caller (git_commit_lookup, git_revwalk_new, ...) from the GitRepository module.
libgit2 keeps looked-up objects in the repository's cache, so a handle we forget to free while
the repository is still open would show as "still reachable", not "definitely lost"; this count
catches it either way. Exit status 1 when definitely/indirectly lost or handles is non-zero.
"""
import re
import sys

HANDLE = re.compile(
    r"\bgit_(commit_lookup|commit_tree|commit_parent|object_lookup\w*|object_peel|revparse_single"
    r"|reference_(lookup|resolve|dwim|next|iterator_new|create\w*|peel)|revwalk_new|tree_lookup"
    r"|tree_entry_bypath|tree_entry_dup|blob_lookup|tag_lookup|signature_\w+|odb_read\w*"
    r"|config_(open\w*|iterator_new|snapshot)|repository_config\w*|note_\w+|treebuilder_new)\b")
OURS = re.compile(r"13GitRepository")

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()

def summary(kind):
    match = re.search(kind + r": ([\d,]+) bytes in ([\d,]+) blocks", text)
    return tuple(int(g.replace(",", "")) for g in match.groups()) if match else (0, 0)

handles = 0
for record in re.split(r"\n==\d+== \n", text):
    # "N bytes in M blocks are …", or "N (D direct, I indirect) bytes in M blocks are …".
    header = re.search(r"([\d,]+)(?: \([^)]*\))? bytes in ([\d,]+) blocks are (still reachable|possibly lost)", record)
    if not header:
        continue
    frames = re.findall(r"(?:at|by) 0x[0-9A-F]+: (\S+)", record)
    # The first libgit2 API frame below our code decides: is it one that hands out an object?
    for index, frame in enumerate(frames):
        if OURS.search(frame):
            api = [f for f in frames[:index] if f.startswith("git_")]
            if api and HANDLE.search(api[-1]):
                handles += int(header.group(2).replace(",", ""))
            break

definite, indirect, possible, reachable = (summary(k) for k in
    ("definitely lost", "indirectly lost", "possibly lost", "still reachable"))
print(f"definitely lost {definite[0]} B in {definite[1]} blocks; indirectly lost {indirect[0]} B in {indirect[1]} blocks; "
      f"possibly lost {possible[0]} B; still reachable {reachable[0]} B in {reachable[1]} blocks; "
      f"libgit2 objects still allocated at exit: {handles}")
sys.exit(1 if definite[0] or indirect[0] or handles else 0)
