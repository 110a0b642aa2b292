"""Notebook kernels: always this interpreter, over IPC sockets, and stoppable on a timeout.

papermill is handed ``kernel_manager_class()``; each kernel it starts registers itself in
``KERNELS`` under the worker thread that runs it, so the scheduler can end a kernel that
runs over its time (``KERNELS.kill``) or every kernel on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
from typing import Any

#: The project's kernelspec: ``make install`` registers it in ``.venv`` for JupyterLab and a
#: hand-run papermill, and the notebooks name it. The batch gives papermill the same name,
#: but its kernel manager ignores kernelspecs: it always runs this interpreter.
KERNEL_NAME = "cscp-analysis"


def kernel_manager_class():
    """A kernel manager that always runs this interpreter, over IPC where possible.

    Built lazily so importing this module stays cheap.
    """
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    class ProjectKernelManager(AsyncKernelManager):
        """Launches ``sys.executable -m ipykernel_launcher``: never a user-level kernelspec.

        On POSIX the kernel's sockets are IPC files, so parallel kernels cannot race for
        TCP ports (papermill #511); elsewhere jupyter_client's in-process port cache
        keeps the ports of kernels started by this process distinct.
        """

        def __init__(self, **kwargs):
            if os.name == "posix":
                # A unique absolute socket prefix per kernel: the default is a relative
                # "kernel-ipc", shared by every kernel and resolved against each cwd.
                kwargs.setdefault("transport", "ipc")
                kwargs.setdefault("ip", os.path.join(
                    tempfile.gettempdir(), f"cscp-{uuid.uuid4().hex[:12]}-ipc"))
            super().__init__(**kwargs)

        @property
        def kernel_spec(self):
            if self._kernel_spec is None:
                env = {"PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
                self._kernel_spec = KernelSpec(
                    argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    display_name=f"cscp-analysis ({sys.executable})",
                    language="python",
                    env=env,
                )
            return self._kernel_spec

        async def _async_pre_start_kernel(self, **kw):
            # The kernel's own console chatter (shutdown notices) is not the batch's output:
            # everything a notebook shows is in the executed notebook.
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
            return await super()._async_pre_start_kernel(**kw)

        async def _async_post_start_kernel(self, **kw):
            await super()._async_post_start_kernel(**kw)
            KERNELS.register(self)

    return ProjectKernelManager


class KernelRegistry:
    """Which kernel process each worker thread is running, so a timeout can end it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_thread: dict[int, Any] = {}
        self._killed: set[int] = set()  # id() of the kernel managers already stopped

    def register(self, km) -> None:
        with self._lock:
            self._by_thread[threading.get_ident()] = km

    def forget(self) -> None:
        with self._lock:
            km = self._by_thread.pop(threading.get_ident(), None)
            self._killed.discard(id(km))

    def kill(self, thread_id: int) -> bool:
        """Stop the kernel ``thread_id`` runs, once (its process id is never signalled
        again, as it may be another process's by then); False if it runs none."""
        with self._lock:
            km = self._by_thread.get(thread_id)
            if km is not None and id(km) in self._killed:
                return True
        pid = getattr(getattr(km, "provisioner", None), "pid", None)
        if not pid:
            return False
        try:
            os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        except OSError:
            return False
        with self._lock:
            self._killed.add(id(km))
        return True


KERNELS = KernelRegistry()
