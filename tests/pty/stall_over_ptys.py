#!/usr/bin/python3
"""A stall survived (issue 12, item 8): a real-time run over pseudo-terminals at x1 while
pumprig-sim, which serves every instrument, is stopped (SIGSTOP) for 2 s and then continued.

The run must end with a verdict and the stall flagged as a gap in the analysis, never with an
abort: the pump's safe-mode timeout (5 s, heartbeat every 1.7 s), the I/O board's stale limit
(three periods and 2 s of real time) and the request retries (3 x 1 s) all leave room for 2 s.

Usage: stall_over_ptys.py PUMPRIG PUMPRIG_SIM
"""
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

PUMPRIG, PUMPRIG_SIM = sys.argv[1], sys.argv[2]
STALL_S = 2.0
STALL_AT_S = 14.0  # after the run started: inside the analysis period (10 s to 40 s)
failures = []

SCENARIO = """schema: pumprig.scenario/1
id: stall-short
title: A short accuracy run over ptys, with the simulator stopped for 2 s
applies_to: [syringe]
steps:
  - tare
  - set_pump: { rate: 60 ml/h }
  - start_pump
  - record: 40 s
  - stop_pump
analysis:
  accuracy:
    rate: 60 ml/h
    sample_interval: 2 s
    analysis_period: [10 s, 40 s]
    observation_windows: [4 s, 10 s]
    limits:
      source: "stall test (not an IEC limit)"
      mean_error: 5 %
"""


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    (tmp / "stall.yaml").write_text(SCENARIO)
    fixture = tmp / "pty-fixture.yaml"
    sim = subprocess.Popen([PUMPRIG_SIM, "--speed", "1", "--out-fixture", str(fixture)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in sim.stdout:  # the instruments, then "fixture: PATH" when all are served
            if line.startswith("fixture:"):
                break
        check(fixture.exists(), "pumprig-sim served the bench and wrote its fixture")
        out = tmp / "run"
        t0 = time.monotonic()
        run = subprocess.Popen([PUMPRIG, "run", str(tmp / "stall.yaml"), "--fixture", str(fixture), "--no-index",
                                "--unattended", "-q", "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(STALL_AT_S)
        sim.send_signal(signal.SIGSTOP)
        time.sleep(STALL_S)
        sim.send_signal(signal.SIGCONT)
        stdout, stderr = run.communicate(timeout=60)
        wall = time.monotonic() - t0
    finally:
        sim.send_signal(signal.SIGCONT)
        sim.terminate()
        try:
            sim.wait(timeout=5)
        except subprocess.TimeoutExpired:
            sim.kill()

    print(stdout)
    print(stderr)
    print(f"wall time {wall:.1f} s (at most 60 s)")
    check(wall <= 60.0, "the run took at most 60 s of wall time")
    check(run.returncode in (0, 1), f"a verdict, not an abort (exit {run.returncode})")
    run_json = json.loads((out / "run.json").read_text())
    check(run_json.get("status") == "finished", f"run.json status finished ({run_json.get('status')})")
    events = [json.loads(l) for l in (out / "events.jsonl").read_text().splitlines() if l.strip()]
    bad = [e for e in events if e.get("kind") in ("abort", "fault")]
    check(not bad, "no fault and no abort: " + "; ".join(e.get("message", "") for e in bad))
    retries = [e for e in events if e.get("kind") == "retry"]
    check(len(retries) > 0, f"the stall was seen ({len(retries)} retry events)")
    result = json.loads((out / "result.json").read_text())
    tests = result.get("tests", [])
    check(len(tests) == 1 and tests[0].get("verdict") in ("pass", "fail", "inconclusive"),
          "the accuracy test has a verdict: " + str([t.get("verdict") for t in tests]))
    gaps = [g for t in tests for g in t.get("gaps", [])]
    # The stall began STALL_AT_S after the process started; the test's t = 0 is a moment later.
    in_stall = [g for g in gaps if STALL_AT_S - 8 <= g.get("from_min", -1) * 60 <= STALL_AT_S + STALL_S + 2]
    check(len(in_stall) > 0, f"the stall is flagged as a gap in the record ({gaps})")
    check(len(gaps) == len(in_stall), f"no other gap: readings every 1 s, sampled every 2 s ({gaps})")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all checks passed")
