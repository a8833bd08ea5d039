#!/bin/sh
# meterpoll against hems-sim as subprocesses: --once --json output, a config error,
# and --serve-modbus (read back with meterpoll itself through a generic device).
set -u
METERPOLL=$1
SIM=$2
SRC=$3
T=$(mktemp -d)
trap 'kill $SIMPID 2>/dev/null; rm -rf "$T"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

cat > "$T/sim.json" <<JSON
{"servers": [{"port": 0, "devices": [
  {"unit": 1, "model": "eastron-sdm630", "power_w": 1234},
  {"unit": 2, "model": "hager-ecr380d", "power_w": 500},
  {"unit": 3, "model": "generic", "fc": 3, "register": "0x0100", "words": 2, "factor": 10, "energy_wh": 123450}]}]}
JSON
"$SIM" --config "$T/sim.json" --ports-file "$T/ports" --duration 60 \
       --fault 0:2:timeout:0 > "$T/sim.out" 2>&1 &
SIMPID=$!
i=0
while [ ! -s "$T/ports" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
[ -s "$T/ports" ] || fail "hems-sim did not start"
PORT=$(head -n1 "$T/ports")

cat > "$T/inst.json" <<JSON
{"buses": [{"id": "lan", "type": "tcp", "host": "127.0.0.1", "port": $PORT}],
 "timeout_ms": 300, "retries": 0,
 "devices": [{"name": "grid", "model": "eastron-sdm630", "bus": "lan", "address": 1},
             {"name": "heatpump", "model": "hager-ecr380d", "bus": "lan", "address": 2},
             {"name": "old", "model": "generic", "bus": "lan", "address": 3,
              "fc": 3, "register": "0x0100", "words": 2, "factor": "10"}]}
JSON
"$METERPOLL" --config "$T/inst.json" --once --json > "$T/out" 2> "$T/err" || fail "meterpoll exit $?: $(cat "$T/err")"
[ "$(wc -l < "$T/out")" -eq 3 ] || fail "expected 3 lines: $(cat "$T/out")"
grep -q '^{"device": "grid", "status": "ok", "time": "[0-9T:-]*Z", "quantities": {"voltage_v": \[' "$T/out" || fail "grid line: $(cat "$T/out")"
grep '"device": "grid"' "$T/out" | grep -q '"power_w": 123[0-9]' || fail "grid power"
grep '"device": "heatpump"' "$T/out" | grep -q '"status": "comm_error", "time": "[^"]*", "error": "[^"]*timed out' || fail "heatpump: $(grep heatpump "$T/out")"
grep '"device": "heatpump"' "$T/out" | grep -q '"quantities": {}}' || fail "heatpump quantities"
grep -q '"device": "old", "status": "ok", "time": "[^"]*", "quantities": {"energy_import_wh": 12345[0-9]}}' "$T/out" || fail "generic: $(grep old "$T/out")"

# a configuration error: file:line:column, path, reason; exit status 1
printf '{"devices": [\n {"name": "a", "model": "eastron-sdm630",\n  "host": "127.0.0.1", "address": 300}]}\n' > "$T/bad.json"
"$METERPOLL" --config "$T/bad.json" --once > /dev/null 2> "$T/err"
[ $? -eq 1 ] || fail "bad config: exit status"
grep -q "bad.json:3:[0-9]*: devices\[0\].address: address must be" "$T/err" || fail "bad config message: $(cat "$T/err")"
"$METERPOLL" --config "$T/inst.json" --interval 0 > /dev/null 2>&1 && fail "--interval 0 accepted"

# --serve-modbus: readings as float32 at register 2*quantity of unit 1+device
"$METERPOLL" --config "$T/inst.json" --interval 0.2 --count 12 --serve-modbus 0 > /dev/null 2> "$T/serve.err" &
MP=$!
i=0
while ! grep -q "127.0.0.1:" "$T/serve.err" && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
SPORT=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$T/serve.err" | head -n1)
[ -n "$SPORT" ] || fail "no serve port: $(cat "$T/serve.err")"
sleep 0.5
# power_w is quantity 6 -> registers 12..13 (float32 ABCD); status at 1000
cat > "$T/bridge.json" <<JSON
{"devices": [{"name": "bridged", "model": "generic", "host": "127.0.0.1", "port": $SPORT, "address": 1,
  "fc": 3, "register": 12, "words": 2, "type": "float32", "factor": 1,
  "quantities": [{"quantity": "power", "fc": 4, "register": 12, "type": "float32"},
                 {"quantity": "pulse_count", "fc": 3, "register": 1000, "words": 1}]},
 {"name": "bridged_hp", "model": "generic", "host": "127.0.0.1", "port": $SPORT, "address": 2,
  "fc": 3, "register": 1000, "words": 1}]}
JSON
"$METERPOLL" --config "$T/bridge.json" --once --json > "$T/bridge.out" 2>&1 || fail "bridge: $(cat "$T/bridge.out")"
grep '"bridged"' "$T/bridge.out" | grep -q '"power_w": 123[0-9]' || fail "bridged power: $(cat "$T/bridge.out")"
grep '"bridged"' "$T/bridge.out" | grep -q '"pulse_count": 0' || fail "bridged status: $(cat "$T/bridge.out")"
grep '"bridged_hp"' "$T/bridge.out" | grep -q '"energy_import_wh": 2}' || fail "bridged comm_error status: $(cat "$T/bridge.out")"
wait $MP || fail "meterpoll --serve-modbus exit status"
echo "meterpoll: all checks passed"
