"""The machine test/bench/compare runs on: what it is and how busy it is.

Standard library only (compare runs under any Python 3). Linux: reads
/proc/cpuinfo and /proc/stat; elsewhere the answers are "unknown"/None.
"""

import os
import platform
import resource
import time

BUSY_SHARE = 0.05  # others taking more than this share disturbed a measurement


def _cpuinfo_lines():
    try:
        with open("/proc/cpuinfo") as f:
            return f.read().splitlines()
    except OSError:
        return []


def cpu_model():
    for line in _cpuinfo_lines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def cpu_flags():
    for line in _cpuinfo_lines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def physical_cores():
    """Distinct (package, core) pairs in /proc/cpuinfo, or None."""
    cores, package = set(), None
    for line in _cpuinfo_lines():
        key, _, value = line.partition(":")
        if key.strip() == "physical id":
            package = value.strip()
        elif key.strip() == "core id":
            cores.add((package, value.strip()))
    return len(cores) or None


def busy_cpu_seconds():
    """CPU-seconds the whole machine has spent busy since boot, or None."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:8]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq = fields
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds():
    """CPU-seconds used by this process and its finished children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


class LoadMeter:
    """CPU time other processes take from the moment it is made."""

    def __init__(self):
        self.wall, self.busy = time.monotonic(), busy_cpu_seconds()
        self.own = own_cpu_seconds()

    def elapsed(self):
        return time.monotonic() - self.wall

    def others(self):
        """(others' CPU-s, their share of the machine), or (None, None)."""
        if self.busy is None:
            return None, None
        used = max(0.0, busy_cpu_seconds() - self.busy
                   - (own_cpu_seconds() - self.own))
        return used, used / (max(self.elapsed(), 1e-9) * (os.cpu_count() or 1))


def wait_idle(limit):
    """Waits until others take < BUSY_SHARE over 3 s, at most `limit` s.
    Returns (seconds waited, idle?)."""
    start = time.monotonic()
    while True:
        meter = LoadMeter()
        time.sleep(3)
        share = meter.others()[1]
        waited = time.monotonic() - start
        if share is None or share < BUSY_SHARE:
            return waited, share is not None
        if waited >= limit:
            return waited, False
