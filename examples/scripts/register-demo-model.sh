#!/usr/bin/env bash
# Registers a demo training checkpoint as the bundled model: writes examples/src/main/resources/io/simvg/examples/demo/
# simvg-demo.zip (a plain model file) and simvg-demo.json (its Adler32, size, and the commands that made it).
# Usage: examples/scripts/register-demo-model.sh RUN_DIR/latest.zip [EARLIER.json]
# The training history comes from RUN_DIR/train-log.jsonl: one entry per `simvg train` invocation ("run" records,
# written since the log has them); EARLIER.json, a JSON list of {"from_step", "command"}, covers segments run before.
# EARLIER.json may instead be a copy of a registered simvg-demo.json, when the run started with --init from that model
# (a continuation with a fresh optimizer): its history, data and note are kept and the run's steps counted after its
# optimizer_steps. DATA (newline-separated `simvg synth` commands) adds data sets the run used beyond the earlier ones.
# BRANCH (token or decoder, default token) is the branch the demo's examples show: the one scoring best on the split.
# NOTE is appended to the history's note (e.g. where a run was continued in a copy of its directory).
# STRIP_PREFIX (e.g. /work/data/) is removed from the logged commands, so that they name the run's paths relatively.
# Run from the repository root after `mvn -B -q install -DskipTests`; the demo verifies the checksum when it extracts.
set -euo pipefail
ckpt=${1:?usage: examples/scripts/register-demo-model.sh RUN_DIR/latest.zip [EARLIER.json]}
earlier=${2:-}
res=examples/src/main/resources/io/simvg/examples/demo
mkdir -p "$res"
./simvg convert --from "$ckpt" --preset DEMO --task GREC --out "$res/simvg-demo.zip"
steps=$(unzip -p "$ckpt" trainer/state.json | python3 -c "import json,sys; print(json.load(sys.stdin)['progress']['global_step'])")
python3 - "$res/simvg-demo.zip" "$steps" "$(dirname "$ckpt")/train-log.jsonl" "$earlier" "$ckpt" <<'PY'
import json, shlex, sys, zlib, os
path, steps, log, earlier, ckpt = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
a = 1
with open(path, 'rb') as f:
    for chunk in iter(lambda: f.read(1 << 20), b''):
        a = zlib.adler32(chunk, a)
history = json.load(open(earlier)) if earlier else []
base = {}
if isinstance(history, dict):  # a registered simvg-demo.json: this run continues its model
    base, history = history, history["train"]
offset = base.get("optimizer_steps", 0)
data = base.get("data", "./simvg synth --out shapes-train --seed 1 --size 128 --train 20000 --val 0")
data = [data] if isinstance(data, str) else list(data)
data += [d for d in os.environ.get("DATA", "").splitlines() if d.strip() and d not in data]
prefix = os.environ.get("STRIP_PREFIX", "")
relative = lambda text: text.replace(prefix, "") if prefix else text
if os.path.exists(log):
    for line in open(log):
        r = json.loads(line)
        if r.get("type") == "run" and r["from_step"] < steps:
            command = "./simvg " + shlex.join(r["arguments"])
            history.append({"from_step": offset + r["from_step"], "command": relative(command)})
# A segment repeated after an interruption (same first step) supersedes the earlier attempt.
kept = sorted({h["from_step"]: h for h in history}.values(), key=lambda h: h["from_step"])
doc = {
  "file": "simvg-demo.zip",
  "bytes": os.path.getsize(path),
  "adler32": a,
  "preset": "DEMO", "task": "GREC", "tokenizer": "bundled:simvg-small.spm",
  "optimizer_steps": offset + steps, "batch_size": 32,
  "branch": os.environ.get("BRANCH", "token"),
  "data": data[0] if len(data) == 1 else data,
  "train": kept,
  "train_note": base.get("train_note", "each command continues the run in the same --out directory (--resume) up to "
                "its --max-steps; resuming continues bit for bit")
                + (". " + os.environ["NOTE"] if os.environ.get("NOTE") else ""),
  "register": "./simvg convert --from " + relative(ckpt) + " --preset DEMO --task GREC --out "
              "examples/src/main/resources/io/simvg/examples/demo/simvg-demo.zip",
}
with open(os.path.join(os.path.dirname(path), 'simvg-demo.json'), 'w') as f:
    json.dump(doc, f, indent=2); f.write('\n')
print(doc["adler32"], doc["bytes"], offset + steps, len(kept), "training segments")
PY
