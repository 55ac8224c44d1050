#!/usr/bin/python3
"""A QA pipeline as a CI job would run it, against the pumprig binary (issue 15):

- a baseline, then the same scenario on a pump whose rate error went from 0.5 % to 3 %:
  `compare --baseline` must exit 1 and name the mean error (A);
- two runs written to folders with the same leaf name into one index: both listed, both verify;
- history per pump on the four-station bench names that pump's own station;
- every --json output parses and matches its schema in docs/schemas/, errors included;
- a suite run with --out makes a suite folder: one run folder per scenario, junit.xml with one
  testsuite per scenario, summary.json; a parameter matrix suite makes one run per expansion,
  named by its parameters, and runs at other parameters are not compared.

Usage: ci_regression.py PUMPRIG SOURCE_DIR
"""
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import jsonschema

PUMPRIG, SOURCE = sys.argv[1], pathlib.Path(sys.argv[2])
SCHEMAS = SOURCE / "docs" / "schemas"
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def pumprig(*args, expect=None):
    p = subprocess.run([PUMPRIG, *map(str, args)], capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        print(f"pumprig {' '.join(map(str, args))} exited {p.returncode}, expected {expect}\n{p.stdout}\n{p.stderr}")
    return p


def json_of(schema_name, *args, expect):
    """Runs a --json command: one document on stdout, valid under its schema, carrying the exit code."""
    p = pumprig(*args, "--json", expect=expect)
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError as e:
        check(False, f"{schema_name}: stdout is one JSON document ({e}): {p.stdout[:200]!r}")
        return {}
    schema = json.loads((SCHEMAS / f"{schema_name}.schema.json").read_text())
    try:
        jsonschema.Draft202012Validator(schema).validate(doc)
        check(True, f"{schema_name}: {' '.join(map(str, args[:2]))} --json matches its schema")
    except jsonschema.ValidationError as e:
        check(False, f"{schema_name}: schema: {e.message} at {list(e.absolute_path)}")
    check(p.returncode == expect and doc.get("exit_code") == expect,
          f"{schema_name}: exit {p.returncode} and exit_code {doc.get('exit_code')} are {expect}")
    return doc


def run(*args, expect=0):
    return pumprig("run", *args, "--no-control", expect=expect)


with tempfile.TemporaryDirectory() as tmp_name:
    tmp = pathlib.Path(tmp_name)
    runs = tmp / "runs"
    scenarios = SOURCE / "scenarios"

    # 1. A baseline, a pump that got worse, and compare going red naming A.
    run(scenarios / "iec-accuracy-25mlh.yaml", "--runs-dir", runs)
    history = json_of("history", "history", "--runs", runs, expect=0)
    baseline_id = history["runs"][0]["id"]
    check(pumprig("baseline", "set", "acc25", baseline_id, "--runs", runs, expect=0).returncode == 0, "baseline set acc25")
    worse = tmp / "sim-bench-3pct.yaml"
    fixture = (SOURCE / "fixtures" / "sim-bench.yaml").read_text()
    check("rate_error: 0.5 %" in fixture, "the default bench's station-1 pump has a rate error of 0.5 %")
    worse.write_text(fixture.replace("rate_error: 0.5 %", "rate_error: 3 %", 1))
    run(scenarios / "iec-accuracy-25mlh.yaml", "--runs-dir", runs, "--fixture", worse)
    history = json_of("history", "history", "--runs", runs, expect=0)
    check(len(history["runs"]) == 2, "history lists both runs")
    candidate = [r for r in history["runs"] if r["id"] != baseline_id][0]
    check(abs(candidate["mean_error_pct"] - 3.0) < 0.1, f"the worse pump's A is about 3 % ({candidate['mean_error_pct']:.3f})")
    plain = pumprig("compare", candidate["id"], "--baseline", "acc25", "--runs", runs, expect=1)
    check(plain.returncode == 1, "compare against the baseline exits 1")
    check("station-1-accuracy mean_error_pct" in plain.stdout.splitlines()[-1], "compare's conclusion names A (mean_error_pct)")
    cmp = json_of("compare", "compare", candidate["id"], "--baseline", "acc25", "--runs", runs, expect=1)
    check("station-1-accuracy mean_error_pct" in cmp.get("moved", []), "compare --json lists A among the moved metrics")
    check(any(m["judged_by"] == "uncertainty" and m["moved"] for m in cmp.get("metrics", [])),
          "a metric without a tolerance moved beyond the combined uncertainty")
    same = json_of("compare", "compare", baseline_id, baseline_id, "--runs", runs, expect=0)
    check(same.get("judged", 0) > 0 and not same.get("moved"), "a run compared with itself: judged, nothing moved")
    json_of("compare", "compare", "no-such-run", "--baseline", "acc25", "--runs", runs, expect=2)
    json_of("baselines", "baseline", "list", "--runs", runs, expect=0)
    shown = json_of("baseline", "baseline", "show", "acc25", "--runs", runs, expect=0)
    check(shown.get("run", {}).get("id") == baseline_id, "baseline show names the baseline's run")
    json_of("baseline", "baseline", "show", "nope", "--runs", runs, expect=2)

    # 2. Two runs whose folders share a leaf name, in one index: both listed, both verify.
    index = tmp / "ci" / "index.sqlite"
    for build in ("ci1", "ci2"):
        run(scenarios / "free-flow-80cm.yaml", "--out", tmp / "ci" / build / "ff", "--index", index)
    listed = json_of("history", "history", "--index", index, expect=0)
    check(len({r["id"] for r in listed["runs"]}) == 2, "two runs with the same --out leaf are two runs in the index")
    for build in ("ci1", "ci2"):
        v = json_of("verify", "verify", tmp / "ci" / build / "ff", "--index", index, expect=0)
        check(v.get("state") == "verified", f"{build}/ff verifies against its own index entry")
    # A tampered folder: verify --json says so, exit 1.
    result = tmp / "ci" / "ci1" / "ff" / "result.json"
    result.write_text(result.read_text().replace('"verdict": "pass"', '"verdict": "fail"', 1))
    tampered = json_of("verify", "verify", tmp / "ci" / "ci1" / "ff", "--index", index, expect=1)
    check(any(p["kind"] == "changed" for p in tampered.get("problems", [])), "verify --json names the changed file")
    json_of("verify", "verify", tmp / "no-such-folder", expect=2)

    # 3. History per pump on the four-station bench.
    runs4 = tmp / "runs4"
    run(scenarios / "bench-check-5mlh.yaml", "--fixture", SOURCE / "fixtures" / "sim-bench-4.yaml", "--runs-dir", runs4)
    run(scenarios / "free-flow-80cm.yaml", "--fixture", SOURCE / "fixtures" / "sim-bench-4.yaml", "--runs-dir", runs4)
    per_pump = json_of("history", "history", "--runs", runs4, "--pump", "SIM-P0402", expect=0)
    check(len(per_pump["runs"]) == 1, "SIM-P0402 ran in one run (the bench check), not in the free-flow run")
    folder = pathlib.Path(per_pump["runs"][0]["folder"])
    tests = json.loads((folder / "result.json").read_text())["tests"]
    station = [p["station"] for p in per_pump["runs"][0]["pumps"] if p["serial"] == "SIM-P0402"][0]
    own = [t["mean_error_pct"] for t in tests if t["station"] == station and "mean_error_pct" in t][0]
    check(per_pump["runs"][0]["mean_error_pct"] == own, f"history --pump shows {station}'s own mean error")

    # 4. The other --json outputs.
    json_of("ports", "ports", expect=0)
    ok = json_of("check", "check", scenarios / "suite.yaml", expect=0)
    check(len(ok.get("scenarios", [])) >= 5 and ok.get("ok") is True, "check --json lists the suite's scenarios")
    bad = tmp / "typo.yaml"
    bad.write_text((scenarios / "free-flow-80cm.yaml").read_text().replace("steps:", "stesp:", 1))
    refused = json_of("check", "check", bad, expect=2)
    check(str(bad) in (refused.get("error") or ""), "check --json's error names the file")

    # 5. A suite with --out: the suite folder, one run folder per scenario, junit.xml, summary.json.
    suite_dir = tmp / "suite-out"
    suite = pumprig("run", scenarios / "suite.yaml", "--out", suite_dir, "--no-control", expect=0)
    summary = json.loads((suite_dir / "summary.json").read_text())
    jsonschema.Draft202012Validator(json.loads((SCHEMAS / "suite-summary.schema.json").read_text())).validate(summary)
    check(True, "summary.json matches its schema")
    names = [r["name"] for r in summary["runs"]]
    check(len(names) == 5 and len(set(names)) == 5, f"one run per scenario ({len(names)})")
    for r in summary["runs"]:
        check((suite_dir / r["folder"] / "result.json").is_file(), f"{r['name']}'s run folder is inside the suite folder")
    junit = ET.parse(suite_dir / "junit.xml").getroot()
    suites = junit.findall("testsuite")
    check([s.get("name") for s in suites] == names, "junit.xml has one testsuite per scenario, in order")
    check(all(float(s.get("time")) < 60 for s in suites), "junit time is wall time (seconds), not simulated hours")
    check(all(any(p.get("name").endswith("simulated_duration_s") for p in s.iter("property")) for s in suites),
          "each testsuite carries its simulated durations as properties")
    suite_history = json_of("history", "history", "--index", tmp / "index.sqlite", expect=0)
    check(len(suite_history["runs"]) == 5, "the suite's runs are indexed beside the suite folder")
    v = json_of("verify", "verify", suite_dir / summary["runs"][0]["folder"], expect=0)
    check(v.get("state") == "verified", "a suite run verifies against the index beside its suite folder")

    # A suite folder archived with its index and unpacked elsewhere still verifies (by the run's
    # last two folder names: run folder names repeat across suites).
    moved = tmp / "archive"
    moved.mkdir()
    shutil.copytree(suite_dir, moved / "suite-out")
    shutil.copy(tmp / "index.sqlite", moved / "index.sqlite")
    v = json_of("verify", "verify", moved / "suite-out" / summary["runs"][1]["folder"], expect=0)
    check(any("moved" in n for n in v.get("notes", [])), "a moved suite run verifies, with a note that it moved")
    # A suite killed before its summary.json: its sealed runs are still vouched for by the index
    # beside the suite folder, which lists them by path; an index up there that does not list a
    # folder is no anchor for it, and no finding against it.
    (suite_dir / "summary.json").rename(tmp / "summary.json.aside")
    v = json_of("verify", "verify", suite_dir / summary["runs"][0]["folder"], expect=0)
    check(v.get("state") == "verified", "a run of a suite killed before its summary verifies against the index by path")
    (tmp / "summary.json.aside").rename(suite_dir / "summary.json")
    stray = tmp / "stray" / "x"
    stray.mkdir(parents=True)
    shutil.copytree(suite_dir / summary["runs"][0]["folder"], stray / "run")
    shutil.copy(tmp / "index.sqlite", tmp / "stray" / "index.sqlite")
    v = json_of("verify", "verify", stray / "run", expect=1)
    check(v.get("state") == "self-consistent only" and not v.get("problems"),
          "an index two levels up that does not list the folder is neither an anchor nor a finding")

    # A bad option with --json is still one document.
    json_of("compare", "compare", "a", "b", "c", expect=2)
    json_of("history", "history", "--no-such-option", expect=2)
    json_of("check", "check", "--no-such-option", expect=2)

    # 6. A parameter matrix suite: one run per expansion, named by its parameters, one junit.xml.
    matrix_dir = tmp / "matrix"
    pumprig("run", scenarios / "occlusion-matrix.yaml", "--out", matrix_dir, "--no-control")
    summary = json.loads((matrix_dir / "summary.json").read_text())
    jsonschema.Draft202012Validator(json.loads((SCHEMAS / "suite-summary.schema.json").read_text())).validate(summary)
    runs6 = summary["runs"]
    check(len(runs6) == 6, f"3 rates x 2 levels are six runs ({len(runs6)})")
    check(len({r["folder"] for r in runs6}) == 6 and len({r["run_id"] for r in runs6}) == 6, "each with its own folder and run id")
    for r in runs6:
        run_json = json.loads((matrix_dir / r["folder"] / "run.json").read_text())
        params = run_json["scenario"]["parameters"]
        check(f"rate={params['rate']}" in r["name"] and f"level={params['level']}" in r["name"],
              f"{r['name']} is named by the parameters it ran with")
        rates = {t.get("rate_ml_h") for t in json.loads((matrix_dir / r["folder"] / "result.json").read_text())["tests"]}
        check(rates == {float(params["rate"].split()[0])}, f"{r['name']}: its tests ran at {params['rate']}")
    suites6 = ET.parse(matrix_dir / "junit.xml").getroot().findall("testsuite")
    check([s.get("name") for s in suites6] == [r["name"] for r in runs6], "one junit.xml testsuite per expansion")
    a, b = runs6[0]["run_id"], runs6[2]["run_id"]
    other = pumprig("compare", a, b, "--index", tmp / "index.sqlite", expect=2)
    check("not comparable" in other.stderr, "two expansions at other parameters are not compared without --force")

print(f"\n{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
