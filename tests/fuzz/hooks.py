"""Schemathesis hooks for tests/fuzz/run (loaded through SCHEMATHESIS_HOOKS).

They do three things, all driven by files that `run` writes before schemathesis starts
(paths in environment variables, so this file holds no state of its own):

* FUZZ_VOCABULARIES (optional): the server's /api/v1/vocabularies. phakhi's OpenAPI document
  lists the Rust variant names of its vocabulary enums ("Onsite", "ViceChair", "Adult") where the
  wire format uses the codes ("onsite", "vice_chair", "25-59"). Left as is, every schema-valid body
  holding an enum is rejected at deserialisation with 400, and the fuzzer never reaches the
  validation and storage code behind it. `run` reports the mismatch itself as a finding; this hook
  then rewrites the enums to the codes so the fuzzing goes deeper. FUZZ_FIX_ENUMS=0 turns it off.
* FUZZ_KNOWN_IDS (optional): ids of records the demo database holds, per collection. Random
  UUIDs only ever reach the 404 branch; three in four of the generated ids in paths and half of
  those in bodies (not the ids the server issued, which the stateful phase passes on) are swapped
  for real ones, and half of the generated If-Match values for `*`, so that updates and deletes
  of existing records with fuzzed bodies are exercised too. The choice is a hash of the request,
  not a random draw, so it follows from the seed like everything schemathesis generates.
* FUZZ_SERVER_ERRORS (required): every response with a 5xx status is appended to this file as
  one JSON line (method, url, headers, body, response), for the summary `run` prints; this does
  not depend on which schemathesis checks are enabled.
"""

import json
import os
import re
import zlib

import schemathesis

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _load(var):
    path = os.environ.get(var)
    if not path or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


VOCABULARIES = _load("FUZZ_VOCABULARIES") if os.environ.get("FUZZ_FIX_ENUMS", "1") != "0" else None
KNOWN_IDS = _load("FUZZ_KNOWN_IDS") or {}
ALL_IDS = sorted({i for ids in KNOWN_IDS.values() for i in ids})


def _pick(value, pool, salt="", keep=2):
    """A deterministic choice: keep `value` for 1 in `keep` of the (value, salt) pairs, else one of `pool`.

    The salt is the rest of the request: the coverage phase sends many bodies with the same path id,
    and they should not all make the same choice."""
    if not pool:
        return value
    h = zlib.crc32(f"{value}\x00{salt}".encode())
    return value if h % keep == 0 else pool[(h >> 3) % len(pool)]


def _from_server(value):
    """Ids the server issues are UUIDv7; the stateful phase passes them on from responses: keep those."""
    return bool(UUID.match(value)) and value[14] == "7"


def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@schemathesis.hook
def before_load_schema(ctx, raw_schema):
    if not VOCABULARIES:
        return
    for name, schema in raw_schema.get("components", {}).get("schemas", {}).items():
        codes = [v["code"] for v in VOCABULARIES.get(_snake(name), [])]
        if "enum" in schema and codes and len(codes) == len(schema["enum"]):
            schema["enum"] = codes


def _collection_for(key):
    """Which collection a body field or path refers to, from its name."""
    key = key.lower()
    for word, collection in (
        ("organization", "organizations"),
        ("parent", "organizations"),
        ("network", "networks"),
        ("agreement", "agreements"),
        ("commitment", "commitments"),
        ("programme", "programmes"),
        ("activit", "activities"),
        ("participant", "participants"),
        ("alignment", "alignments"),
        ("item", "framework-items"),
    ):
        if word in key:
            return collection
    return None


def _swap_ids(node, salt, key=""):
    if isinstance(node, dict):
        return {k: _swap_ids(v, salt, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_swap_ids(v, salt, key) for v in node]
    if isinstance(node, str) and UUID.match(node) and not _from_server(node):
        return _pick(node, KNOWN_IDS.get(_collection_for(key) or "", ALL_IDS), salt)
    return node


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    salt = json.dumps([case.path_parameters, case.query, case.body], sort_keys=True, default=str)
    if KNOWN_IDS and case.path_parameters:
        # /api/v1/<collection>/{id}...: the collection is the path segment before the first parameter.
        segments = case.operation.path.split("/")
        collection = next((segments[i - 1] for i, s in enumerate(segments) if s.startswith("{")), "")
        for name, value in list(case.path_parameters.items()):
            pool = KNOWN_IDS.get(collection, [])
            if isinstance(value, str) and pool and not _from_server(value):
                # Three in four: the coverage phase already sends plenty of unknown ids.
                case.path_parameters[name] = _pick(value, pool, salt, keep=4)
    if KNOWN_IDS and isinstance(case.body, (dict, list)):
        case.body = _swap_ids(case.body, salt)
    if case.headers:
        for name in list(case.headers):
            if name.lower() == "if-match" and isinstance(case.headers[name], str):
                case.headers[name] = _pick(case.headers[name], ["*"], salt)


@schemathesis.hook
def after_call(ctx, case, response):
    if response.status_code < 500:
        return
    request = response.request
    body = request.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    record = {
        "operation": f"{case.operation.method.upper()} {case.operation.path}",
        "method": request.method,
        "url": request.url,
        "headers": {k: v for k, v in request.headers.items() if k.lower() in ("content-type", "if-match", "accept")},
        "authenticated": any(k.lower() == "authorization" for k in request.headers),
        "body": body,
        "status": response.status_code,
        "response": response.content.decode("utf-8", "replace")[:2000],
        # The server sets it on every response; handy when asking the server's operators about a failure.
        "request_id": (response.headers.get("x-request-id") or [None])[0],
    }
    with open(os.environ["FUZZ_SERVER_ERRORS"], "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
