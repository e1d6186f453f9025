"""The generated Python client against the real service.

Starts the release binary on a free local port, then talks to it only through the client that
tools/clients/generate.sh generated from the spec: lists the projects, estimates each one, and
checks that a refused scenario comes back as a parsed 422 problem. It checks only fields that
are stable across result-shape changes (`dataset_version`, `project`), not the results.

Run (after `cargo build --release` and `tools/clients/generate.sh openapi/openapi.json target/clients`):

    target/client-tools/venv/bin/python -m pytest tests/clients

Environment:
    TANSO_BIN         the binary to serve (default: <target>/release/tanso)
    TANSO_CLIENT_DIR  the folder that holds the generated `tanso_client` package
                      (default: <target>/clients/python)
    TANSO_SERVER_LOG  where the server's output goes (default: <target>/clients/server.log)
where <target> is $CARGO_TARGET_DIR, or target/ in the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
if not TARGET.is_absolute():
    TARGET = ROOT / TARGET
BIN = Path(os.environ.get("TANSO_BIN") or TARGET / "release" / "tanso").resolve()
CLIENT_DIR = Path(os.environ.get("TANSO_CLIENT_DIR") or TARGET / "clients" / "python").resolve()
SERVER_LOG = Path(os.environ.get("TANSO_SERVER_LOG") or TARGET / "clients" / "server.log").resolve()

STARTUP_SECONDS = 60
REQUEST_SECONDS = 120

# The generated client is not installed: it is imported from where generate.sh wrote it. A
# missing client is a failure, not a skip, so that CI cannot pass without testing it.
if not (CLIENT_DIR / "tanso_client" / "client.py").is_file():
    raise RuntimeError(
        f"no generated client in {CLIENT_DIR}; run tools/clients/generate.sh first "
        "(or set TANSO_CLIENT_DIR)"
    )
sys.path.insert(0, str(CLIENT_DIR))

from tanso_client import Client  # noqa: E402
from tanso_client.api.estimates import create_estimate  # noqa: E402
from tanso_client.api.projects import get_project, list_projects  # noqa: E402
from tanso_client.api.scenarios import (  # noqa: E402
    delete_scenario,
    get_scenario,
    get_scenario_estimate,
    save_scenario,
)
from tanso_client.api.service import healthz  # noqa: E402
from tanso_client.models import Problem, ScenarioRequest  # noqa: E402
from tanso_client.types import Unset  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_tail(lines: int = 30) -> str:
    try:
        return "\n".join(SERVER_LOG.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


@pytest.fixture(scope="module")
def client():
    if not BIN.is_file():
        raise RuntimeError(f"no binary at {BIN}; run cargo build --release (or set TANSO_BIN)")
    port = free_port()
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    data_dir = SERVER_LOG.parent / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    env = {**os.environ, "TANSO_DATA_DIR": str(data_dir)}
    env.pop("TANSO_DATABASE_URL", None)
    with open(SERVER_LOG, "wb") as log:
        server = subprocess.Popen(
            [str(BIN), "serve", "--bind", f"127.0.0.1:{port}"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        c = Client(
            base_url=f"http://127.0.0.1:{port}",
            timeout=httpx.Timeout(REQUEST_SECONDS),
            raise_on_unexpected_status=True,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited ({server.returncode}):\n{log_tail()}")
            try:
                if healthz.sync_detailed(client=c).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"no /healthz within {STARTUP_SECONDS} s:\n{log_tail()}")
            time.sleep(0.2)
        yield c
        c.get_httpx_client().close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def present(value) -> bool:
    return value is not None and not isinstance(value, Unset)


def project_ids(client: Client) -> list[str]:
    r = list_projects.sync_detailed(client=client)
    assert r.status_code == 200, r.content
    assert r.parsed is not None, r.content
    ids = [p.id for p in r.parsed.projects]
    assert ids, "the service lists no projects"
    return ids


def test_lists_projects_and_reads_each(client):
    for pid in project_ids(client):
        r = get_project.sync_detailed(pid, client=client)
        assert r.status_code == 200, (pid, r.content)
        assert r.parsed is not None and not isinstance(r.parsed, Problem), (pid, r.content)


def test_estimates_every_project(client):
    ids = project_ids(client)
    for pid in ids:
        r = create_estimate.sync_detailed(
            client=client, body=ScenarioRequest.from_dict({"project": pid})
        )
        assert r.status_code == 200, (pid, r.content[:2000])
        estimate = r.parsed
        assert estimate is not None, (pid, r.content[:2000])
        assert not isinstance(estimate, Problem), (pid, estimate)
        assert isinstance(estimate.dataset_version, str) and estimate.dataset_version, pid
        assert present(estimate.project), (pid, r.content[:2000])
        # The outcome is parsed into the client's typed models, not kept as raw JSON: the
        # headline figures and the crediting ledger have their documented fields.
        raw = json.loads(r.content)
        headline = estimate.outcome.headline
        assert headline and all(isinstance(f.value.value, float | int) for f in headline), pid
        assert headline[0].key == raw["outcome"]["headline"][0]["key"], pid
        keys = [c.key for c in estimate.outcome.crediting.columns]
        assert "emission_reductions" in keys, (pid, keys)
        assert len(estimate.outcome.crediting.rows) == len(raw["outcome"]["crediting"]["rows"])
    print(f"estimated {len(ids)} projects through the generated client: {', '.join(ids)}")


def test_unknown_project_is_a_422_problem(client):
    r = create_estimate.sync_detailed(
        client=client, body=ScenarioRequest.from_dict({"project": "no-such-project"})
    )
    assert r.status_code == 422, r.content
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers
    # The client parses application/problem+json into its Problem model.
    problem = r.parsed
    assert isinstance(problem, Problem), (type(problem), r.content)
    assert problem.code.value == "unknown_project", r.content
    assert problem.status == 422, r.content
    assert json.loads(r.content)["code"] == "unknown_project"


def test_saves_reads_estimates_and_deletes_a_scenario(client):
    body = ScenarioRequest.from_dict({"project": "badung-compost", "parameters": {"utilisation": "70 %"}})
    r = save_scenario.sync_detailed(client=client, body=body)
    assert r.status_code == 201, r.content
    receipt = r.parsed
    assert receipt.created and receipt.id.startswith("sc-"), r.content
    assert r.headers["location"] == f"/v1/scenarios/{receipt.id}"
    token = receipt.token
    assert isinstance(token, str) and token, r.content

    r = get_scenario.sync_detailed(receipt.id, client=client)
    assert r.status_code == 200, r.content
    assert r.parsed.dataset_version == receipt.dataset_version
    assert r.parsed.created_at.year >= 2024, r.content  # parsed as a datetime

    r = get_scenario_estimate.sync_detailed(receipt.id, client=client)
    assert r.status_code == 200, r.content[:2000]
    assert r.parsed.id == receipt.id
    assert r.parsed.dataset.used == receipt.dataset_version
    assert r.parsed.estimate.dataset_version == receipt.dataset_version

    r = delete_scenario.sync_detailed(receipt.id, client=client, tanso_delete_token="dt-wrong")
    assert r.status_code == 403, r.content
    assert isinstance(r.parsed, Problem) and r.parsed.code.value == "forbidden", r.content
    r = delete_scenario.sync_detailed(receipt.id, client=client, tanso_delete_token=token)
    assert r.status_code == 204, r.content
    r = get_scenario.sync_detailed(receipt.id, client=client)
    assert r.status_code == 404 and r.parsed.code.value == "unknown_scenario", r.content
