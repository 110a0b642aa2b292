"""JupyterLab as ``make lab`` opens it: the project's own kernel, the project root, IPC sockets.

The kernel name is declared once, in the Makefile (``KERNEL_NAME``, registered by ``make
install``); the notebooks and the batch name the same kernel. The real server test starts
``jupyter lab`` with the Makefile's ``LAB_OPTIONS`` and the kernelspec registered as the
Makefile does (into a temporary prefix instead of ``.venv``), opens the theme notebook and
runs a cell in its kernel over the server's websocket.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from cscp_analysis.batch.kernels import KERNEL_NAME

NOTEBOOKS = ("theme_report.ipynb", "cycle_overview.ipynb")


def makefile_setting(name: str) -> str:
    """The value of ``NAME := value`` in the project's Makefile."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(rf"^{name} := (.*)$", text, flags=re.MULTILINE)
    assert found, f"the Makefile declares no {name}"
    return found.group(1).strip()


def test_the_notebooks_and_the_batch_name_the_kernel_the_makefile_registers():
    name = makefile_setting("KERNEL_NAME")
    display = makefile_setting("KERNEL_DISPLAY")
    assert name == KERNEL_NAME == "cscp-analysis"
    for notebook in NOTEBOOKS:
        spec = nbformat.read(ROOT / "notebooks" / notebook, as_version=4).metadata.kernelspec
        assert (spec["name"], spec["display_name"], spec["language"]) == (
            name, display, "python"), notebook
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert ('-m ipykernel install --sys-prefix --name $(KERNEL_NAME) '
            '--display-name "$(KERNEL_DISPLAY)"') in recipe
    for target in ("install", "report", "test", "lab"):
        assert re.search(rf"^{target}: [^#\n]*\$\(KERNELSPEC\)", recipe, flags=re.MULTILINE), target


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"Authorization": f"token {token}"})


def _wait_until_up(base: str, token: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text(encoding="utf-8", errors="replace")
        try:
            urllib.request.urlopen(_get(f"{base}/api/status", token), timeout=5)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    pytest.fail("jupyter lab did not answer within 120 s")


async def _run_cell(base: str, token: str, kernel_id: str, code: str) -> str:
    """Run ``code`` in the kernel through the server's websocket; its printed output."""
    from tornado.websocket import websocket_connect

    ws_url = base.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels?token={token}"
    conn = await websocket_connect(ws_url)
    msg_id = uuid.uuid4().hex
    conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False},
    }))
    printed = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        msg = json.loads(await conn.read_message())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])
        if msg["msg_type"] == "error":
            pytest.fail(f"the cell failed: {msg['content']['ename']}")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    conn.close()
    return "".join(printed)


@pytest.mark.skipif(os.name != "posix", reason="make lab (IPC sockets) is for POSIX systems")
def test_make_lab_opens_the_project_root_on_the_notebooks_with_the_projects_kernel(tmp_path):
    import asyncio

    prefix = tmp_path / "prefix"
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", str(prefix),
                    "--name", makefile_setting("KERNEL_NAME"),
                    "--display-name", makefile_setting("KERNEL_DISPLAY")],
                   check=True, capture_output=True)
    runtime = tmp_path / "runtime"
    token, port = uuid.uuid4().hex, _free_port()
    env = {**os.environ, "JUPYTER_PATH": str(prefix / "share" / "jupyter"),
           "JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    jupyter = Path(sys.executable).with_name("jupyter")
    command = [str(jupyter), "lab", *shlex.split(makefile_setting("LAB_OPTIONS")),
               "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}"]
    if os.geteuid() == 0:  # CI containers run as root, which Jupyter refuses unless told
        command.append("--allow-root")
    log = tmp_path / "lab.log"
    with open(log, "wb") as sink:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink,
                                  stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, token, server, log)
        # the project root: the notebooks folder and the parameter files can be seen
        root = json.load(urllib.request.urlopen(_get(f"{base}/api/contents", token)))
        assert {"notebooks", "params", "src"} <= {item["name"] for item in root["content"]}
        # the browser opens on the notebooks folder
        redirect = urllib.request.urlopen(_get(f"{base}/", token))
        assert redirect.geturl().endswith("/lab/tree/notebooks")
        # the notebook opens on its own kernel, which runs this environment's Python
        request = _get(f"{base}/api/sessions", token)
        request.data = json.dumps({"path": "notebooks/theme_report.ipynb", "type": "notebook",
                                   "kernel": {"name": KERNEL_NAME}}).encode()
        request.add_header("Content-Type", "application/json")
        session = json.load(urllib.request.urlopen(request))
        assert session["kernel"]["name"] == KERNEL_NAME
        code = "import os, sys; print(sys.executable); print(os.getcwd())"
        printed = asyncio.run(_run_cell(base, token, session["kernel"]["id"], code))
        executable, cwd = printed.splitlines()
        assert Path(executable) == Path(sys.executable)
        assert Path(cwd) == ROOT / "notebooks"
        # the server gave the kernel CurveZMQ keys: its sockets are encrypted
        connection = json.loads(next(runtime.glob("kernel-*.json")).read_text(encoding="utf-8"))
        assert connection["curve_secretkey"] and connection["curve_publickey"]
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert "without encryption" not in log.read_text(encoding="utf-8", errors="replace")
