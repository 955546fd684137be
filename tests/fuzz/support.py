"""Helpers for tests/fuzz/run, standard library only (runs on any python3, before the venv exists).

  support.py free-port
      Print a TCP port on 127.0.0.1 that is free right now.
  support.py prepare BASE_URL TOKEN OUTDIR [--findings]
      Write OUTDIR/vocabularies.json and OUTDIR/known_ids.json for hooks.py; with --findings, also
      print how the OpenAPI document's enums differ from the codes the server accepts (a finding
      in itself, which hooks.py works around).
  support.py summarize SERVER_ERRORS_JSONL SERVER_LOG FROM_LINE TO_LINE TOKEN
      Print every distinct 5xx seen (by operation, status and problem type): how often, a
      reproducing curl command (the shortest request that got it), the response body, and the
      server's log lines for that request. Exit 1 if there was any 5xx in the log window.
"""

import json
import re
import shlex
import socket
import sys
import urllib.parse
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def _get(base, path, token=None):
    request = urllib.request.Request(base + path)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.load(r)


def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def prepare(base, token, outdir, findings=None):
    vocabularies = _get(base, "/api/v1/vocabularies")
    with open(f"{outdir}/vocabularies.json", "w", encoding="utf-8") as f:
        json.dump(vocabularies, f, ensure_ascii=False)

    # The document's enums against what the server reads and writes.
    document = _get(base, "/api/openapi.json")
    mismatched = []
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        codes = [v["code"] for v in vocabularies.get(_snake(name), [])]
        if "enum" in schema and codes and schema["enum"] != codes:
            mismatched.append(f"{name}: document {schema['enum'][:3]}..., server {codes[:3]}...")
    if mismatched and findings == "--findings":
        print(f"finding: {len(mismatched)} enum schema(s) in /api/openapi.json do not list the codes the API uses:")
        for line in mismatched:
            print(f"  {line}")

    # Ids of existing records, per path collection, for hooks.py to use in place of random ones.
    ids = {}
    for collection in ("organizations", "networks", "agreements", "commitments", "programmes", "activities", "alignments"):
        ids[collection] = [r["id"] for r in _get(base, f"/api/v1/{collection}?limit=50")["items"]]
    frameworks = _get(base, "/api/v1/frameworks")["items"]
    ids["frameworks"] = [f["code"] for f in frameworks]
    ids["framework-items"] = []
    for code in ids["frameworks"]:
        items = _get(base, f"/api/v1/frameworks/{urllib.parse.quote(code)}/items")
        items = items["items"] if isinstance(items, dict) else items
        ids["framework-items"] += [i["id"] for i in items[:25]]
    ids["areas"] = [a["code"] for a in _get(base, "/api/v1/areas?limit=20")["items"]]
    ids["participants"] = []
    if token:
        for activity in ids["activities"][:10]:
            participants = _get(base, f"/api/v1/activities/{activity}/participants", token)
            participants = participants["items"] if isinstance(participants, dict) else participants
            ids["participants"] += [p["id"] for p in participants[:10]]
    with open(f"{outdir}/known_ids.json", "w", encoding="utf-8") as f:
        json.dump(ids, f)
    print("known records: " + ", ".join(f"{k} {len(v)}" for k, v in ids.items()))


FINISHED = re.compile(r"request\{method=(\S+) uri=(\S+) version=[^}]*\}.*finished processing request.*status=(\d+)")


def summarize(errors_path, log_path, first, last, token):
    with open(log_path, encoding="utf-8", errors="replace") as f:
        log = f.read().splitlines()[int(first) : int(last)]
    finished = [m for m in map(FINISHED.search, log) if m]
    server_errors = [m for m in finished if m.group(3).startswith("5")]
    print(f"requests the server answered: {len(finished)} ({len(server_errors)} with 5xx)")

    records = []
    try:
        with open(errors_path, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        pass
    groups = {}
    for r in records:
        try:
            problem = json.loads(r["response"]).get("type", "")
        except (ValueError, AttributeError):
            problem = r["response"][:80]
        groups.setdefault((r["operation"], r["status"], problem), []).append(r)

    for (operation, status, problem), rs in sorted(groups.items()):
        r = min(rs, key=lambda r: (len(r["body"] or ""), len(r["url"])))
        print(f"\n=== {status} from {operation} ({len(rs)}x, problem type {problem or '-'})")
        command = ["curl", "-sS", "-i", "-X", r["method"]]
        if r["authenticated"]:
            command += ["-H", f"Authorization: Bearer {token}"]
        for name, value in r["headers"].items():
            command += ["-H", f"{name}: {value}"]
        if r["body"] is not None:
            command += ["--data-raw", r["body"]]
        command.append(r["url"])
        print("reproduce: " + " ".join(shlex.quote(c) for c in command))
        print(f"response: {r['response']}")
        # The log lines of that request: tower-http's span names its method and uri.
        parsed = urllib.parse.urlsplit(r["url"])
        target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        span = f"request{{method={r['method']} uri={target} "
        lines = [line for line in log if span in line and " DEBUG " not in line]
        lines += [line for line in log if span in line and "finished processing request" in line and "status=5" in line][:1]
        print("server log:")
        for line in lines[:12] or ["  (no lines for this request in the log window)"]:
            print(f"  {line}")
    if len(server_errors) != len(records):
        print(f"\nnote: the log shows {len(server_errors)} 5xx, the hook recorded {len(records)}; 5xx lines in the log:")
        for m in server_errors[:20]:
            print(f"  {m.group(1)} {m.group(2)} -> {m.group(3)}")
    return 1 if server_errors or records else 0


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "free-port":
        free_port()
    elif command == "prepare":
        prepare(*args)
    elif command == "summarize":
        sys.exit(summarize(*args))
    else:
        sys.exit(f"unknown command {command}")
