"""kg.sparql.isolation: the memory watch that stops an engine over its limit, on a real process."""

import subprocess
import sys

import pytest

from kg.sparql.isolation import killed_over_memory, watch_memory

# A process that takes 300 MB and then waits to be stopped.
GREEDY = "import sys; block = bytearray(300 * 1024 * 1024); block[::4096] = b'x' * len(block[::4096]); sys.stdin.read()"
MODEST = "import sys; sys.stdin.read()"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="resident memory is read from /proc")
def test_a_process_over_the_limit_is_killed_and_remembered():
    greedy = subprocess.Popen([sys.executable, "-c", GREEDY], stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        watch_memory(greedy, 100)
        assert greedy.wait(timeout=60) != 0
        assert killed_over_memory(greedy)
    finally:
        greedy.kill()


def test_a_process_under_the_limit_is_left_alone():
    modest = subprocess.Popen([sys.executable, "-c", MODEST], stdin=subprocess.PIPE)
    try:
        watch = watch_memory(modest, 2048)
        modest.communicate(b"", timeout=60)  # it ends on its own, with its stdin closed
        watch.join(timeout=60)
        assert modest.returncode == 0
        assert not killed_over_memory(modest)
    finally:
        modest.kill()


def test_no_limit_starts_no_watch():
    modest = subprocess.Popen([sys.executable, "-c", MODEST], stdin=subprocess.PIPE)
    try:
        assert watch_memory(modest, None) is None
        modest.communicate(b"", timeout=60)
    finally:
        modest.kill()
