"""Agent protocol v1: the published OpenAPI document against the real site agent.

Run by `deploy/setup.sh test` (cwd = repo root, INTERFLOW_BIN = the built `interflow`):

    INTERFLOW_BIN=.build/debug/interflow python3 -m pytest -q scripts/crosscheck_openapi.py

1. `docs/agent-protocol-v1.yaml` is a valid OpenAPI 3.1 document, and its examples match its
   own schemas.
2. One real agent per mode is started from the shipped example federation (`sites/`), each on a
   free port with a random token, and every answer it gives (health, status, intervals,
   routing: successes and errors) must have a status code the document lists for the operation
   and a body valid against the document's schema for that code (JSON Schema 2020-12 with
   date-time format checking). The mode rules the document states (what each mode shows and
   takes, versioning and idempotency of PUT /v1/routing) are checked too.

Needs: pytest, PyYAML, jsonschema, openapi-spec-validator, rfc3339-validator (the last three come
with `pip install openapi-spec-validator`). Installs nothing itself.
"""

from __future__ import annotations

import copy
import json
import os
import re
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi

ROOT = Path(__file__).resolve().parent.parent
DOC_PATH = ROOT / "docs" / "agent-protocol-v1.yaml"
SITES_DIR = ROOT / "sites"
MODES = ["network-delivered", "enterprise-routed", "virtualized", "in-house"]
# Simulated seconds per wall second. A network-delivered site reports an interval only after its
# contract's reporting delay (hours in the example federation), so it runs at the agent's
# maximum speed to show one within a few seconds.
SPEED = {"network-delivered": 3600}
DEFAULT_SPEED = 600
# Simulated start: 09:59 site-local time on a Tuesday, so every site is staffed and the first
# interval (09:45-10:00) closes a simulated minute after the start.
START_DAY = (2026, 11, 24)
DATE_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
EIGHT_DAYS = timedelta(days=8)


# ---------------------------------------------------------------------------------------------
# The document


def load_document() -> dict:
    with DOC_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


DOC = load_document()


def pointer(ref: str):
    """The node a local `#/a/b` reference points at."""
    assert ref.startswith("#/"), f"only local references are used in the document, found {ref}"
    node = DOC
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def inline(node):
    """A copy of `node` with every `$ref` replaced by what it points at (sibling keywords kept).

    The document's schemas are not recursive, so inlining terminates."""
    if isinstance(node, list):
        return [inline(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = inline(copy.deepcopy(pointer(node["$ref"])))
        siblings = {key: inline(value) for key, value in node.items() if key != "$ref"}
        # `$ref` with siblings: both apply (JSON Schema 2020-12).
        return {"allOf": [target, siblings]} if siblings else target
    return {key: inline(value) for key, value in node.items()}


def validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(schema: dict, instance) -> list[str]:
    errors = sorted(validator(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def operation(method: str, path: str) -> dict:
    assert path in DOC["paths"], f"{path} is not in the document"
    assert method in DOC["paths"][path], f"{method.upper()} {path} is not in the document"
    return DOC["paths"][path][method]


def response_spec(method: str, path: str, status: int) -> dict:
    responses = operation(method, path)["responses"]
    documented = sorted(responses)
    assert str(status) in responses, f"{method.upper()} {path} answered {status}; the document lists {documented}"
    spec = responses[str(status)]
    return pointer(spec["$ref"]) if "$ref" in spec else spec


def request_schema(method: str, path: str) -> dict:
    return inline(operation(method, path)["requestBody"]["content"]["application/json"]["schema"])


# ---------------------------------------------------------------------------------------------
# Agents


@dataclass
class Agent:
    mode: str
    site_id: str
    site_file: Path
    site: dict
    url: str
    token: str
    process: subprocess.Popen
    log: Path
    started_at: datetime = field(default=None)

    @property
    def skills(self) -> list[str]:
        return list(self.site["skills"])


@dataclass
class Answer:
    status: int
    content_type: str
    raw: bytes
    body: object

    def __str__(self) -> str:
        return f"HTTP {self.status} {self.raw[:300]!r}"


def site_mode(site: dict) -> str:
    if site.get("kind") == "in-house":
        return site.get("mode", "in-house")
    return site.get("mode")


def example_sites() -> dict[str, tuple[Path, dict]]:
    """The first site file of each mode in the shipped example federation."""
    chosen: dict[str, tuple[Path, dict]] = {}
    for path in sorted(SITES_DIR.glob("*.yaml")):
        if path.name == "federation.yaml":
            continue
        with path.open(encoding="utf-8") as handle:
            site = yaml.safe_load(handle)
        if not isinstance(site, dict):
            continue
        mode = site_mode(site)
        if mode in MODES and mode not in chosen:
            chosen[mode] = (path, site)
    return chosen


def duration_seconds(text) -> float | None:
    """Seconds of a configuration duration such as `2h`, `15m`, `1h30m`, `90s` (None if unreadable)."""
    if text is None:
        return 0.0
    if isinstance(text, (int, float)):
        return float(text)
    units = {"h": 3600, "m": 60, "s": 1, "d": 86400}
    total, number = 0.0, ""
    for char in str(text).strip():
        if char.isdigit() or char == ".":
            number += char
        elif char in units and number:
            total += float(number) * units[char]
            number = ""
        else:
            return None
    return total if not number else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def simulated_start(site: dict) -> datetime:
    """09:59 site-local on the start day, in UTC (UTC if the time zone is unknown here)."""
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(site.get("time_zone", "UTC"))
    except Exception:  # no tz database: any start works, only less realistic
        zone = timezone.utc
    local = datetime(*START_DAY, 9, 59, tzinfo=zone)
    return local.astimezone(timezone.utc)


def call(agent: Agent, method: str, path: str, *, token: str | None = "", query: dict | None = None,
         body=None, raw: bytes | None = None) -> Answer:
    """One HTTP call with urllib; `token=""` means the agent's token, None means no header."""
    url = agent.url + path
    if query:
        url += "?" + urllib.parse.urlencode(query)
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method.upper())
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    bearer = agent.token if token == "" else token
    if bearer is not None:
        request.add_header("Authorization", f"Bearer {bearer}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, headers, payload = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, payload = error.code, error.headers, error.read()
    content_type = headers.get("Content-Type", "")
    try:
        parsed = json.loads(payload) if payload else None
    except ValueError:
        parsed = None
    return Answer(status, content_type, payload, parsed)


def checked(agent: Agent, method: str, path: str, expected_status: int | None = None, **kwargs) -> Answer:
    """Calls the agent and checks the answer against the document: a documented status code, a
    JSON body valid against the schema documented for that code."""
    answer = call(agent, method, path, **kwargs)
    where = f"{agent.mode} {agent.site_id}: {method.upper()} {path} {kwargs.get('query') or ''}"
    if expected_status is not None:
        assert answer.status == expected_status, f"{where}: expected HTTP {expected_status}, got {answer}"
    spec = response_spec(method, path, answer.status)
    content = spec.get("content", {})
    assert "application/json" in content, f"{where}: the document gives no JSON body for {answer.status}"
    assert answer.content_type.lower().startswith("application/json"), f"{where}: content type {answer.content_type!r}"
    assert answer.body is not None, f"{where}: the body is not JSON: {answer.raw[:300]!r}"
    problems = schema_errors(inline(content["application/json"]["schema"]), answer.body)
    assert not problems, f"{where}: HTTP {answer.status} body does not match the document:\n  " + "\n  ".join(problems) + f"\n  body: {answer.body}"
    return answer


def binary() -> Path | None:
    configured = os.environ.get("INTERFLOW_BIN")
    if configured:
        path = Path(configured)
        assert path.exists(), f"INTERFLOW_BIN={configured} does not exist"
        return path
    default = ROOT / ".build" / "debug" / "interflow"
    return default if default.exists() else None


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture(scope="module")
def agents():
    executable = binary()
    if executable is None:
        pytest.skip("no interflow binary: set INTERFLOW_BIN or build .build/debug/interflow")
    sites = example_sites()
    missing = [mode for mode in MODES if mode not in sites]
    assert not missing, f"the example federation in sites/ has no site of mode {', '.join(missing)}"

    logs = tempfile.TemporaryDirectory(prefix="interflow-openapi-")
    started: dict[str, Agent] = {}
    try:
        for mode in MODES:
            path, site = sites[mode]
            reference = (site.get("agent") or {}).get("token") or {}
            assert isinstance(reference, dict) and "env" in reference, (
                f"{path.name}: expected agent.token: {{env: NAME}}, found {reference!r}")
            token = secrets.token_urlsafe(24)
            port = free_port()
            start = simulated_start(site)
            environment = dict(os.environ)
            environment[reference["env"]] = token
            log = Path(logs.name) / f"{site['id']}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(
                    [str(executable), "agent", "--site", str(path.relative_to(ROOT)), "--port", str(port),
                     "--speed", str(SPEED.get(mode, DEFAULT_SPEED)), "--start", start.strftime(DATE_TIME_FORMAT)],
                    cwd=ROOT, env=environment, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
            started[mode] = Agent(mode, site["id"], path, site, f"http://127.0.0.1:{port}", token, process, log, start)

        deadline = time.monotonic() + 20
        for agent in started.values():
            while True:
                if agent.process.poll() is not None:
                    pytest.fail(f"agent {agent.site_id} exited with {agent.process.returncode}:\n{agent.log.read_text(errors='replace')}")
                try:
                    if call(agent, "get", "/v1/health", token=None).status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"agent {agent.site_id} did not answer /v1/health within 20 s:\n{agent.log.read_text(errors='replace')}")
                time.sleep(0.05)
        yield started
    finally:
        for agent in started.values():
            stop(agent.process)
        logs.cleanup()


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, DATE_TIME_FORMAT).replace(tzinfo=timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(DATE_TIME_FORMAT)


# ---------------------------------------------------------------------------------------------
# The document itself


def test_document_is_valid_openapi_3_1():
    assert DOC["openapi"].startswith("3.1."), f"openapi: {DOC['openapi']}"
    validate_openapi(DOC)


def test_format_checking_is_active():
    # jsonschema checks date-time only when rfc3339-validator is installed; otherwise it would
    # silently accept anything and the checks below would prove less than they claim.
    date_time = validator({"type": "string", "format": "date-time"})
    assert date_time.is_valid("2026-11-24T08:00:00Z")
    assert not date_time.is_valid("yesterday"), "install rfc3339-validator: date-time formats are not being checked"


def test_examples_match_their_schemas():
    checked_examples = 0
    for path, item in DOC["paths"].items():
        for method, op in item.items():
            media_types = []
            if "requestBody" in op:
                media_types.append((f"{method.upper()} {path} request", op["requestBody"]["content"]["application/json"]))
            for status, spec in op["responses"].items():
                spec = pointer(spec["$ref"]) if "$ref" in spec else spec
                for media in spec.get("content", {}).values():
                    media_types.append((f"{method.upper()} {path} {status}", media))
                assert spec.get("content", {}).get("application/json", {}).get("examples"), (
                    f"{method.upper()} {path} {status}: no examples")
            for where, media in media_types:
                schema = inline(media["schema"])
                for name, example in (media.get("examples") or {}).items():
                    problems = schema_errors(schema, example["value"])
                    assert not problems, f"{where} example {name}: " + "; ".join(problems)
                    checked_examples += 1
    assert checked_examples >= 20


SWIFT_PROTOCOL = ROOT / "Sources" / "InterflowCore" / "Protocol" / "AgentProtocol.swift"
SWIFT_SITE_MODE = ROOT / "Sources" / "InterflowCore" / "Configuration" / "SiteMode.swift"
SWIFT_SCALARS = {"Int": "integer", "Double": "number", "String": "string", "Bool": "boolean"}


def swift_structs(source: str) -> dict[str, dict[str, str]]:
    """Stored properties (name -> Swift type) of each `public struct` in `source`."""
    structs: dict[str, dict[str, str]] = {}
    current = None
    for line in source.splitlines():
        found = re.match(r"\s*public struct (\w+)", line)
        if found:
            current = structs.setdefault(found.group(1), {})
            continue
        var = re.match(r"\s*public var (\w+): ([^={]+?)\s*(\{)?\s*$", line)
        if var and current is not None and not var.group(3):  # `{` = a computed property
            current[var.group(1)] = var.group(2).strip()
    return structs


def swift_cases(source: str, enum: str) -> list[str]:
    """Raw values of a `String` enum's cases."""
    body = source[source.index(f"enum {enum}"):]
    body = body[: body.index("}")]
    values = []
    for line in body.splitlines():
        line = line.split("//")[0].strip()
        if not line.startswith("case "):
            continue
        for case in line[len("case "):].split(","):
            name, _, raw = case.partition("=")
            values.append(raw.strip().strip('"') if raw else name.strip())
    return values


def json_kind(schema: dict) -> str | None:
    """The JSON type an (inlined) schema demands, looking through allOf."""
    if "type" in schema:
        return "date-time" if schema.get("format") == "date-time" else schema["type"]
    for part in schema.get("allOf", []):
        kind = json_kind(part)
        if kind:
            return kind
    return None


def expected_kind(swift_type: str) -> str:
    swift_type = swift_type.rstrip("?")
    if swift_type in SWIFT_SCALARS:
        return SWIFT_SCALARS[swift_type]
    if swift_type == "Date":
        return "date-time"
    if swift_type in ("SiteMode", "State"):
        return "string"
    if re.fullmatch(r"\[String: .+\]", swift_type):
        return "object"
    if re.fullmatch(r"\[.+\]", swift_type):
        return "array"
    return "object"


def test_schemas_match_the_swift_types():
    structs = swift_structs(SWIFT_PROTOCOL.read_text(encoding="utf-8"))
    schemas = DOC["components"]["schemas"]
    names = ["AgentHealth", "SiteStatus", "SkillStatus", "DayCounters", "AgentStatus", "IntervalsResponse",
             "IntervalRecord", "RoutingPlan", "RoutingAck", "ProtocolError"]
    assert set(names) <= set(structs), f"AgentProtocol.swift has {sorted(structs)}"
    for name in names:
        swift, schema = structs[name], schemas[name]
        properties = schema.get("properties", {})
        assert set(properties) == set(swift), f"{name}: document {sorted(properties)}, Swift {sorted(swift)}"
        required = {key for key, swift_type in swift.items() if not swift_type.endswith("?")}
        assert set(schema.get("required", [])) == required, f"{name}: required {sorted(schema.get('required', []))}, Swift non-optional {sorted(required)}"
        for key, swift_type in swift.items():
            kind = json_kind(inline(properties[key]))
            assert kind == expected_kind(swift_type), f"{name}.{key}: document {kind}, Swift {swift_type}"
            if swift_type.rstrip("?") in ("Int", "Double") and key not in ("version", "routingVersion", "appliedVersion"):
                rendered = json.dumps(inline(properties[key]))
                assert "minimum" in rendered or "enum" in rendered, f"{name}.{key}: counts and seconds need minimum: 0"
    site_modes = swift_cases(SWIFT_SITE_MODE.read_text(encoding="utf-8"), "SiteMode")
    assert sorted(schemas["SiteMode"]["enum"]) == sorted(site_modes)
    states = swift_cases(SWIFT_PROTOCOL.read_text(encoding="utf-8"), "State")
    assert sorted(schemas["AgentStatus"]["properties"]["state"]["enum"]) == sorted(states)


# ---------------------------------------------------------------------------------------------
# The real agent, one per mode


@pytest.mark.parametrize("mode", MODES)
def test_health_is_open(agents, mode):
    agent = agents[mode]
    answer = checked(agent, "get", "/v1/health", 200, token=None)
    assert answer.body["siteId"] == agent.site_id
    assert answer.body["mode"] == mode
    assert answer.body["protocolVersion"] == "v1"
    # A token, right or wrong, does not matter on the open path.
    checked(agent, "get", "/v1/health", 200, token="not-the-token")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", ["/v1/status", "/v1/intervals", "/v1/routing"])
def test_every_other_path_needs_the_token(agents, mode, path):
    agent = agents[mode]
    missing = checked(agent, "get", path, 401, token=None)
    wrong = checked(agent, "get", path, 401, token=agent.token + "x")
    assert missing.body["error"] == wrong.body["error"] == "unauthorized"
    if path == "/v1/routing":
        checked(agent, "put", path, 401, token=None, body={"version": 1})
        checked(agent, "put", path, 401, token=agent.token[:-1], body={"version": 1})
    if path == "/v1/status":
        # Also on paths the protocol does not define: nothing is learned without the token.
        assert call(agent, "get", "/v1/nothing-here", token=None).status == 401


@pytest.mark.parametrize("mode", MODES)
def test_status_shows_what_the_mode_shows(agents, mode):
    agent = agents[mode]
    if mode == "network-delivered":
        answer = checked(agent, "get", "/v1/status", 404)
        assert answer.body["error"] == "not-exposed-in-mode"
        return
    answer = checked(agent, "get", "/v1/status", 200)
    status = answer.body
    assert status["siteId"] == agent.site_id and status["mode"] == mode
    assert sorted(s["skill"] for s in status["skills"]) == sorted(agent.skills)
    assert parse_time(status["asOf"]) >= agent.started_at
    for skill in status["skills"]:
        assert skill["agentsAvailable"] + skill["agentsBusy"] <= skill["agentsStaffed"], skill
        assert skill["today"]["answeredWithinThreshold"] <= skill["today"]["answered"], skill
    if mode == "enterprise-routed":
        assert "agents" not in status, "an enterprise-routed site shows no agents"
    else:
        assert status["agents"], f"a {mode} site lists its agents"
        as_of = parse_time(status["asOf"])
        for person in status["agents"]:
            assert parse_time(person["since"]) <= as_of + timedelta(seconds=1), person
    # No plan yet in this module's order? routingVersion is absent or a positive integer.
    assert status.get("routingVersion", 1) >= 1


def wait_for_intervals(agent: Agent, timeout: float = 12) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        answer = checked(agent, "get", "/v1/intervals", 200)
        if answer.body["intervals"] or time.monotonic() > deadline:
            return answer.body
        time.sleep(0.2)


@pytest.mark.parametrize("mode", MODES)
def test_intervals_show_what_the_mode_shows(agents, mode):
    agent = agents[mode]
    document = wait_for_intervals(agent)
    assert document["siteId"] == agent.site_id
    assert document["intervals"], f"{agent.site_id}: no closed interval within the wait"
    start, end = parse_time(document["from"]), parse_time(document["to"])
    assert start <= end

    # Default range: from the start of the site's local day to the agent's now.
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(agent.site.get("time_zone", "UTC"))
        local_now = end.astimezone(zone)
        midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
        assert start == midnight.astimezone(timezone.utc), f"from {document['from']}, expected local midnight {iso(midnight)}"
    except ImportError:
        pass

    delay = duration_seconds((agent.site.get("contract") or {}).get("reporting_delay")) or 0.0
    seen = set()
    for record in document["intervals"]:
        begins = parse_time(record["start"])
        assert start <= begins < end, f"{record['start']} outside [{document['from']}, {document['to']})"
        assert (record["skill"], record["start"]) not in seen
        seen.add((record["skill"], record["start"]))
        assert record["skill"] in agent.skills
        closes = begins + timedelta(seconds=record["lengthSeconds"])
        if mode == "network-delivered":
            assert closes + timedelta(seconds=delay) <= end, (
                f"{record['start']} is reported before the contract's reporting delay ({delay:.0f} s) has passed")
        else:
            assert closes <= end
        if mode in ("network-delivered", "enterprise-routed"):
            assert "scheduledSeconds" not in record and "adherentSeconds" not in record, f"a {mode} site reports no adherence"
        else:
            assert "scheduledSeconds" in record and "adherentSeconds" in record, f"a {mode} site reports adherence: {record}"
        assert record["answeredWithinThreshold"] <= record["answered"], record
    starts = [parse_time(r["start"]) for r in document["intervals"]]
    assert starts == sorted(starts), "intervals are listed oldest first"


@pytest.mark.parametrize("mode", MODES)
def test_intervals_query(agents, mode):
    agent = agents[mode]
    origin = agent.started_at.replace(second=0)
    # An explicit range; a `to` past the agent's now is cut to now.
    future = origin + timedelta(days=2)
    answer = checked(agent, "get", "/v1/intervals", 200, query={"from": iso(origin - timedelta(hours=1)), "to": iso(future)})
    assert parse_time(answer.body["from"]) == origin - timedelta(hours=1)
    assert parse_time(answer.body["to"]) < future
    # Exactly 8 days is accepted.
    checked(agent, "get", "/v1/intervals", 200, query={"from": iso(origin - EIGHT_DAYS), "to": iso(origin)})
    # Only `from`, or only `to`.
    checked(agent, "get", "/v1/intervals", 200, query={"from": iso(origin)})
    checked(agent, "get", "/v1/intervals", 200, query={"to": iso(origin + timedelta(hours=1))})
    # Other RFC 3339 forms: an offset, fractional seconds.
    hour_before = origin - timedelta(hours=1)
    plus_one = hour_before.astimezone(timezone(timedelta(hours=1))).strftime("%Y-%m-%dT%H:%M:%S+01:00")
    answer = checked(agent, "get", "/v1/intervals", 200, query={"from": plus_one})
    assert parse_time(answer.body["from"]) == hour_before, f"{plus_one} read as {answer.body['from']}"
    answer = checked(agent, "get", "/v1/intervals", 200, query={"from": iso(hour_before)[:-1] + ".5Z"})
    assert abs(parse_time(answer.body["from"]) - hour_before) <= timedelta(seconds=1)
    # Not RFC 3339 date-times (no zone, a bare date, nonsense, epoch seconds).
    for bad in ({"from": "yesterday"}, {"to": "2026-13-45"}, {"from": "1732435200"},
                {"from": iso(origin)[:-1]}, {"to": iso(origin)[:10]}):
        answer = checked(agent, "get", "/v1/intervals", 400, query=bad)
        assert answer.body["error"] == "invalid-query", answer
    # Backwards, and more than 8 days.
    answer = checked(agent, "get", "/v1/intervals", 400, query={"from": iso(origin), "to": iso(origin - timedelta(hours=1))})
    assert answer.body["error"] == "invalid-range"
    answer = checked(agent, "get", "/v1/intervals", 400,
                     query={"from": iso(origin - EIGHT_DAYS - timedelta(seconds=1)), "to": iso(origin)})
    assert answer.body["error"] == "invalid-range"


def put_plan(agent: Agent, plan: dict | None = None, expected: int | None = None, *, raw: bytes | None = None) -> Answer:
    if plan is not None and expected == 200:
        problems = schema_errors(request_schema("put", "/v1/routing"), plan)
        assert not problems, f"the plan the agent accepted is not valid against the document: {problems}"
    return checked(agent, "put", "/v1/routing", expected, body=plan, raw=raw)


def expect_error(answer: Answer, code: str) -> None:
    assert answer.body["error"] == code, f"expected {code}, got {answer}"


@pytest.mark.parametrize("mode", MODES)
def test_routing_plan_bodies_are_checked_first(agents, mode):
    agent = agents[mode]
    # Not a RoutingPlan: 400, whatever the mode.
    expect_error(put_plan(agent, raw=b'{"version": "two"}', expected=400), "invalid-body")
    expect_error(put_plan(agent, raw=b"not json", expected=400), "invalid-body")
    expect_error(put_plan(agent, raw=b'{"shares": {}}', expected=400), "invalid-body")
    # More than 256 KiB: 413.
    big = json.dumps({"version": 1, "padding": "x" * (300 * 1024)}).encode()
    expect_error(put_plan(agent, raw=big, expected=413), "body-too-large")


def test_network_delivered_takes_no_plan(agents):
    agent = agents["network-delivered"]
    skill = agent.skills[0]
    for plan in ({"version": 1}, {"version": 1, "shares": {skill: 0.3}}, {"version": 0}):
        expect_error(put_plan(agent, plan, 403), "forbidden-by-mode")
    expect_error(checked(agent, "get", "/v1/routing", 404), "no-plan")


@pytest.mark.parametrize("mode", ["enterprise-routed", "virtualized", "in-house"])
def test_routing_versions_and_idempotency(agents, mode):
    agent = agents[mode]
    first_skill, last_skill = agent.skills[0], agent.skills[-1]
    expect_error(checked(agent, "get", "/v1/routing", 404), "no-plan")

    # Values the site cannot apply: 422 (checked before the version rules).
    expect_error(put_plan(agent, {"version": 0}, 422), "invalid-plan")
    expect_error(put_plan(agent, {"version": 1, "shares": {first_skill: 1.5}}, 422), "invalid-plan")
    expect_error(put_plan(agent, {"version": 1, "interflowThresholds": {first_skill: -1}}, 422), "invalid-plan")
    expect_error(put_plan(agent, {"version": 1, "shares": {"no-such-skill": 0.2}}, 422), "invalid-plan")

    plan1 = {"version": 1, "shares": {first_skill: 0.3}, "interflowThresholds": {last_skill: 45}}
    ack = put_plan(agent, plan1, 200).body
    assert ack == {"siteId": agent.site_id, "appliedVersion": 1, "changed": True}
    # The same version and plan again: idempotent; key order, white space and unknown
    # properties do not matter.
    same = '{ "interflowThresholds": {"%s": 45.0}, "version": 1, "shares": {"%s": 0.3}, "note": "retry" }' % (last_skill, first_skill)
    ack = put_plan(agent, raw=same.encode(), expected=200).body
    assert ack == {"siteId": agent.site_id, "appliedVersion": 1, "changed": False}
    # The same version with another plan, or with an empty map instead of an absent one: conflict.
    expect_error(put_plan(agent, {"version": 1, "shares": {first_skill: 0.4}, "interflowThresholds": {last_skill: 45}}, 409), "version-conflict")
    expect_error(put_plan(agent, {**plan1, "targets": {}} if mode != "enterprise-routed" else {**plan1, "shares": {}}, 409), "version-conflict")
    assert checked(agent, "get", "/v1/routing", 200).body == plan1

    # Targets: only where agents are visible.
    if mode == "enterprise-routed":
        expect_error(put_plan(agent, {"version": 2, "targets": {first_skill: ["a-1"]}}, 403), "forbidden-by-mode")
        expect_error(put_plan(agent, {"version": 1, "targets": {}}, 403), "forbidden-by-mode")
        plan2 = {"version": 2, "shares": {first_skill: 0.25}}
    else:
        status = checked(agent, "get", "/v1/status", 200).body
        ids = [a["id"] for a in status["agents"] if first_skill in a["skills"]][:3]
        plan2 = {"version": 2, "targets": {first_skill: ids}, "interflowThresholds": {first_skill: 30}}
    assert put_plan(agent, plan2, 200).body == {"siteId": agent.site_id, "appliedVersion": 2, "changed": True}
    assert checked(agent, "get", "/v1/routing", 200).body == plan2
    # An older version: conflict, also with the plan that was applied under it.
    expect_error(put_plan(agent, plan1, 409), "version-conflict")
    # Versions may skip.
    plan9 = {"version": 9}
    assert put_plan(agent, plan9, 200).body["changed"] is True
    assert checked(agent, "get", "/v1/status", 200).body["routingVersion"] == 9
