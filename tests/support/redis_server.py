"""A throwaway Redis for the job-queue tests: TEST_REDIS_URL when scripts/test started one, else our own."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from redis import Redis

from tests.support.mail import free_port


@contextmanager
def redis_url(folder: Path) -> Iterator[str | None]:
    """A Redis URL to use, or None when there is neither TEST_REDIS_URL nor a redis-server to start."""
    given = os.environ.get("TEST_REDIS_URL")
    if given:
        yield given
        return
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                Redis.from_url(url).ping()
                break
            except Exception:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)
