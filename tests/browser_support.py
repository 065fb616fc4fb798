"""What the real-browser tests share: Debian's Chromium driven by Playwright, and an honest answer when it is missing.

Locally a missing browser skips the browser tests with one clear line; in CI (CI=true) it fails them, so a
green run never hides browser tests that did not run. `scripts/ensure-chromium.sh` (run by `make test`)
installs the browser visibly beforehand.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("QUELLENLAGE_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

try:
    from playwright import sync_api
except ImportError:  # the test extra is not installed
    sync_api = None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def skip_or_fail(reason: str) -> None:
    """Skip with `reason` locally; fail with it in CI. Never returns."""
    if in_ci():
        pytest.fail(f"browser tests cannot run: {reason} (CI=true, so this fails instead of skipping)", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (run `sh scripts/ensure-chromium.sh`; in CI this fails)")


def missing() -> str | None:
    """Why the browser cannot be had, or None."""
    if sync_api is None:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    return None


def launch(playwright):
    """Chromium launched headless, or skip/fail saying why it did not start."""
    try:
        return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    except Exception as exc:  # a browser that is there but does not start is as missing as none
        skip_or_fail(f"Chromium at {CHROMIUM} did not start: {' '.join(str(exc).split())[:300]}")


def browser_session():
    """A module fixture's body: one launched browser (or skip/fail saying why there is none), closed after."""
    reason = missing()
    if reason:
        skip_or_fail(reason)
    with sync_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(store: Path, *flags: str):
    """`quellenlage serve` on a free port; yields its URL, stops it afterwards."""
    import httpx

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "quellenlage.cli", "serve", "--store", str(store), "--port",
                             str(port), *flags], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if proc.poll() is not None:
                raise AssertionError("server exited: " + proc.stdout.read().decode(errors="replace"))
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def page_session(browser, width: int, height: int):
    """A fixture's body: a fresh page in its own context, collecting the page's script errors in `page.errors`."""
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()
