#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The reports of `ringcheck run` and `ringcheck sim`, checked from outside:
# the same summaries whatever --jobs, JSON read by Python's json and JUnit
# validated by xmllint against selftests/reports/junit.xsd (with a reader
# whose name holds quotes, a backslash and a newline), TAP skips, shards
# merged into the totals of one run, the command line, the ring drawing's
# markers, the wrong-bytes diagnostics, the man page, and sim memory for
# 10^8 records under a ulimit. Prints one line per check and the totals.
set -uo pipefail

O=${1:-build}
CC=${CC:-cc}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rc="$top/$O/ringcheck"
[ -x "$rc" ] || rc=$(cd "$O" && pwd)/ringcheck
dir="$O/reports"
passed=0 failed=0 skipped=0

ok() {
	echo "ok - $1"
	passed=$((passed + 1))
}

not_ok() {
	echo "not ok - $1"
	failed=$((failed + 1))
}

check() {	# check NAME COMMAND...: passes when the command succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

rm -rf "$dir"
mkdir -p "$dir"

# --- the test readers: the reference reader named evil"name\ + newline,
# with read_done doing nothing (fails many cases, several checks), and one
# without push
cflags="-std=gnu11 -O2 -fPIC -shared -D_GNU_SOURCE -I$top/reader -I$top/reader/include"
build_reader() {	# build_reader OUT FLAGS...
	local out=$1
	shift
	$CC $cflags "$@" -Dringcheck_reader=reference_entry -c \
		-o "$dir/$out.ref.o" "$top/reader/reference_plugin.c" &&
	$CC $cflags "$@" -o "$dir/$out.so" \
		"$top/selftests/plugins/renamed_plugin.c" "$dir/$out.ref.o" \
		"$top/reader/ring_reader.c"
}
if ! build_reader evil -DNO_READ_DONE || ! build_reader nopush -DNO_PUSH; then
	not_ok "the test readers build"
	echo "# ringcheck-totals reports passed=$passed failed=$failed skipped=$skipped"
	exit 1
fi
evil="$dir/evil.so"
evil_name=$'evil"name\\\nsecond line'

# --- deterministic summaries: --jobs 1, 2, 8 print and write the same
# (timings aside)
for j in 1 2 8; do
	"$rc" run --sim-only --quick --reader "$evil" --jobs "$j" \
		--json "$dir/jobs$j.json" --junit "$dir/jobs$j.xml" \
		>"$dir/jobs$j.out" 2>/dev/null
	echo $? >"$dir/jobs$j.rc"
	sed -i 's/: [0-9]* cases in .*/: (timing)/' "$dir/jobs$j.out"
	grep -v 'seconds"' "$dir/jobs$j.json" >"$dir/jobs$j.json.cmp"
	sed 's/ time="[^"]*"//g' "$dir/jobs$j.xml" >"$dir/jobs$j.xml.cmp"
done
check "a reader that fails exits 1" grep -qx 1 "$dir/jobs1.rc"
check "the failing reader fails many cases" \
	grep -q "failed=[0-9][0-9][0-9][0-9]" "$dir/jobs1.out"
for j in 2 8; do
	check "--jobs $j: the same summary as --jobs 1" \
		cmp -s "$dir/jobs1.out" "$dir/jobs$j.out"
	check "--jobs $j: the same JSON as --jobs 1" \
		cmp -s "$dir/jobs1.json.cmp" "$dir/jobs$j.json.cmp"
	check "--jobs $j: the same JUnit as --jobs 1" \
		cmp -s "$dir/jobs1.xml.cmp" "$dir/jobs$j.xml.cmp"
done

# --- the first failure of each family and its message belong to the
# same case: replaying each id shown gives the message shown
mismatch=0 rows=0
while read -r fam id; do
	msg=$(grep -m1 "^  $fam: " "$dir/jobs1.out" | sed "s/^  $fam: //")
	"$rc" run --case "$id" --reader "$evil" >"$dir/replay.out" 2>&1
	grep -qF "case $id: $msg" "$dir/replay.out" || mismatch=$((mismatch + 1))
	rows=$((rows + 1))
done < <(awk '/^  family/ { t = 1; next } /^  total/ { t = 0 }
	      t && $6 != "-" && $6 != "SKIP:" { print $1, $6 }' "$dir/jobs1.out")
check "each row's message is its first case's ($rows rows)" \
	bash -c "[ $rows -ge 10 ] && [ $mismatch -eq 0 ]"
id=$(awk '$1 == "wrap" { print $6 }' "$dir/jobs1.out")
first=$(grep -m1 "^  wrap: " "$dir/jobs1.out" | sed 's/^  wrap: //')
"$rc" run --case "$id" --no-fork --reader "$evil" >"$dir/nofork.out" 2>&1
check "--case --no-fork: exit 1, the same message" \
	bash -c "[ $? -eq 1 ] && grep -qF \"case $id: \$1\" '$dir/nofork.out'" \
	_ "$first"

# --- JSON: parsed by Python; every failing case with its message and
# replay, counts adding up, the reader's name intact
python3 - "$dir/jobs1.json" "$evil_name" "$evil" >"$dir/json.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
run, rd = d["ringcheck"], d["readers"][0]
assert rd["name"] == sys.argv[2], rd["name"]
assert rd["path"] == sys.argv[3], rd["path"]
assert run["version"] and run["kernel"] and run["bounds"] == "quick"
t = {"cases": 0, "passed": 0, "failed": 0, "skipped": 0}
ids = set()
for f in rd["families"]:
    assert f["cases"] == f["passed"] + f["failed"] + f["skipped"] + f["not_run"]
    assert len(f["failures"]) == f["failed"], f["name"]
    for c in f["failures"]:
        assert c["family"] == f["name"] and c["id"].startswith(f["name"] + "-")
        assert c["kind"] == "delivery" and c["check"] and c["message"]
        assert c["clause"] in range(0, 8)
        assert c["replay"].startswith("ringcheck run --case " + c["id"] + " --reader ")
        ids.add(c["id"])
    for k in t:
        t[k] += f[k]
for k in t:
    assert rd["totals"][k] == t[k], k
assert len(ids) == t["failed"]
rc = rd["root_causes"]
assert sum(r["count"] for r in rc) == t["failed"]
assert len(rc) >= 3 and len(rc) < 20, len(rc)
print("failed", t["failed"], "root causes", len(rc))
PY
check "JSON: valid, every failure with id, kind, check, message, replay" \
	grep -q "^failed" "$dir/json.out"

# --- JUnit: valid for the schema; what it says adds up; the name intact
check "JUnit: valid against junit.xsd" \
	xmllint --noout --schema "$here/junit.xsd" "$dir/jobs1.xml"
sed '0,/<testcase name="[^"]*"/s//<testcase/' "$dir/jobs1.xml" \
	>"$dir/broken.xml"
check "JUnit: the schema refuses a testcase without a name" \
	bash -c "! xmllint --noout --schema '$here/junit.xsd' \
		'$dir/broken.xml' 2>/dev/null"
python3 - "$dir/jobs1.xml" "$dir/jobs1.json" "$evil_name" \
	>"$dir/junit.out" 2>&1 <<'PY'
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
rd = json.load(open(sys.argv[2]))["readers"][0]
fams = {f["name"]: f for f in rd["families"]}
for s in root.iter("testsuite"):
    reader, fam = s.get("name").rsplit(": ", 1)
    assert reader == sys.argv[3], reader
    cases = s.findall("testcase")
    assert int(s.get("tests")) == len(cases)
    fails = [c for c in cases if c.find("failure") is not None]
    assert int(s.get("failures")) == len(fails)
    f = fams[fam]
    listed = [c for c in fails if c.find("failure").get("type") != "more"]
    assert len(listed) == min(f["failed"], 100), fam
    assert [c.get("name") for c in listed] == \
        [c["id"] for c in f["failures"][:100]]
    if f["passed"]:
        assert any(c.get("name") == "%d cases passed" % f["passed"]
                   for c in cases)
print("junit ok")
PY
check "JUnit: suites, failures and passes as in the JSON" \
	grep -q "^junit ok" "$dir/junit.out"

# --- TAP: a family the reader cannot run is a SKIP with its reason
"$rc" run --sim-only --quick --reader "$dir/nopush.so" --family push \
	--family lifetime --tap >"$dir/tap.out" 2>&1
check "TAP: no push is '# SKIP unsupported: push'" \
	grep -q "^ok [0-9]* - .* push: .*# SKIP unsupported: push" \
	"$dir/tap.out"
check "TAP: the newline of the name does not end the line" \
	bash -c "[ \$(grep -c '^ok' '$dir/tap.out') -eq 2 ]"
"$rc" run --sim-only --quick --reader "$dir/nopush.so" --family push \
	>"$dir/skip.out" 2>&1
check "table: the push row says SKIP and why" \
	grep -q "^  push .*SKIP: unsupported: push" "$dir/skip.out"

# --- a part asked for that cannot run is exit 2: the kernel tests of a
# ringcheck with no kselftest binaries beside it
mkdir -p "$dir/alone"
cp "$rc" "$dir/alone/ringcheck"
"$dir/alone/ringcheck" run --kernel-only --reader "$evil" --tap \
	>"$dir/alone.out" 2>&1
check "kernel tests asked for and not built: exit 2, and said" \
	bash -c "[ $? -eq 2 ] && grep -q 'kernel tests not built' \
		'$dir/alone.out'"

# --- shards: three --shard runs merged give the one run's reports
for k in 1 2 3; do
	"$rc" run --sim-only --quick --reader "$evil" --jobs 2 \
		--shard "$k/3" --json "$dir/shard$k.json" >/dev/null 2>&1
done
"$rc" merge --json "$dir/merged.json" --junit "$dir/merged.xml" \
	"$dir"/shard{3,1,2}.json >"$dir/merged.out" 2>&1
sed -i 's/: [0-9]* cases in .*/: (timing)/' "$dir/merged.out"
check "merge: the summary of the one run" \
	cmp -s "$dir/jobs1.out" "$dir/merged.out"
check "merge: the JUnit of the one run" \
	bash -c "sed 's/ time=\"[^\"]*\"//g' '$dir/merged.xml' |
		 cmp -s '$dir/jobs1.xml.cmp' -"
grep -v 'seconds"' "$dir/merged.json" >"$dir/merged.json.cmp"
# JUnit times: each case's own, each suite the sum of its testcases,
# the merged suites the sum of the shards' times (their JSON)
python3 - "$dir/jobs1.xml" "$dir/merged.xml" "$dir"/shard{1,2,3}.json \
	>"$dir/times.res" 2>&1 <<'PY'
import json, sys
import xml.etree.ElementTree as ET
suites = []
for f in sys.argv[1:3]:
    got = {}
    for s in ET.parse(f).getroot():
        cases = list(s)
        total = sum(float(c.get("time")) for c in cases)
        assert abs(float(s.get("time")) - total) <= 0.001 * (len(cases) + 1), \
            (f, s.get("name"), s.get("time"), total)
        got[s.get("name").rsplit(": ", 1)[1]] = float(s.get("time"))
    suites.append(got)
assert any(t > 0 for t in suites[0].values()), "every suite's time is 0"
shards = {}
for f in sys.argv[3:]:
    for fam in json.load(open(f))["readers"][0]["families"]:
        shards[fam["name"]] = shards.get(fam["name"], 0) + \
            fam["passed_seconds"] + \
            sum(c["seconds"] for c in fam["failures"] + fam["skips"])
for name, t in suites[1].items():
    assert abs(t - shards[name]) <= 0.002, (name, t, shards[name])
print("times ok")
PY
check "JUnit: real times, each suite the sum of its testcases, merged from the shards'" \
	grep -q "^times ok" "$dir/times.res"
check "merge: the JSON of the one run" \
	cmp -s "$dir/jobs1.json.cmp" "$dir/merged.json.cmp"
"$rc" merge "$dir"/shard{1,2}.json >/dev/null 2>&1
check "merge: a missing shard is exit 2" bash -c "[ $? -eq 2 ]"
"$rc" merge "$dir"/shard{1,1,2}.json >/dev/null 2>&1
check "merge: a shard twice is exit 2" bash -c "[ $? -eq 2 ]"
# the same reader by another path: the same run; another reader (the
# same name, no push): refused, naming the field
"$rc" run --sim-only --quick --reader "$dir/../reports/./evil.so" --jobs 2 \
	--shard 2/3 --json "$dir/shard2-alias.json" >/dev/null 2>&1
"$rc" merge --json "$dir/merged-alias.json" \
	"$dir"/shard{3,1}.json "$dir/shard2-alias.json" >/dev/null 2>&1
grep -v 'seconds"' "$dir/merged-alias.json" >"$dir/merged-alias.json.cmp"
check "merge: a shard naming the reader by another path is the same run" \
	cmp -s "$dir/merged.json.cmp" "$dir/merged-alias.json.cmp"
"$rc" run --sim-only --quick --reader "$dir/nopush.so" --jobs 2 \
	--shard 2/3 --json "$dir/shard2-other.json" >/dev/null 2>&1
"$rc" merge "$dir"/shard{3,1}.json "$dir/shard2-other.json" \
	>/dev/null 2>"$dir/other.err"
check "merge: another reader of the same name is exit 2, the field named" \
	bash -c "[ $? -eq 2 ] && grep -q 'reader 1: field capabilities differs' \
		'$dir/other.err'"
head -c 2000 "$dir/shard1.json" >"$dir/truncated.json"
"$rc" merge "$dir/truncated.json" >/dev/null 2>"$dir/truncated.err"
check "merge: a truncated report is exit 2, named" \
	bash -c "[ $? -eq 2 ] && grep -q truncated.json '$dir/truncated.err'"

# --- the command line
"$rc" run --list random --seed 1 --quick >"$dir/seed1" &&
	"$rc" run --list random --seed 2 --quick >"$dir/seed2"
check "--seed 1 and 2 draw 300 random cases each, none shared" \
	bash -c "[ \$(wc -l <'$dir/seed1') -eq 300 ] &&
		 [ \$(wc -l <'$dir/seed2') -eq 300 ] &&
		 [ -z \"\$(sort '$dir/seed1' '$dir/seed2' | uniq -d)\" ]"
"$rc" run --seed 2 --family random --quick --sim-only \
	--json "$dir/seed2.json" >/dev/null 2>&1
check "--seed 2 runs the cases --list shows" \
	bash -c "python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(d[\"ringcheck\"][\"seed\"], d[\"readers\"][0][\"totals\"][\"cases\"])' \
	'$dir/seed2.json' | grep -qx '2 300'"
"$rc" run --list --quick >"$dir/list.out"
python3 - "$dir/list.out" "$dir/jobs1.json" >"$dir/list.res" 2>&1 <<'PY'
import json, sys
# the table ends at the first empty line (the named values follow)
rows = [l.split() for l in
        open(sys.argv[1]).read().split("\n\n")[0].split("\n")[1:] if l]
quick = {r[0]: int(r[2]) for r in rows if r[0] not in ("kernel", "total")}
run = {f["name"]: f["cases"]
       for f in json.load(open(sys.argv[2]))["readers"][0]["families"]}
assert quick == run, (quick, run)
print("list ok")
PY
check "--list: every family, the cases a --quick run runs" \
	grep -q "^list ok" "$dir/list.res"
"$rc" run --list wrap --quick >"$dir/list-wrap.out"
check "--list FAMILY: its case ids, as many as the table counts" \
	bash -c "[ \$(wc -l <'$dir/list-wrap.out') -eq 616 ] &&
		 grep -qx wrap-32.0.8.0 '$dir/list-wrap.out'"
"$rc" run --no-such-option >/dev/null 2>"$dir/unknown.err"
check "an unknown option is named, exit 2" \
	bash -c "[ $? -eq 2 ] && grep -q 'unknown option --no-such-option' \
		'$dir/unknown.err'"
v=$("$rc" --version | awk '{ print $2 }')
jv=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["ringcheck"]["version"])' \
	"$dir/jobs1.json")
check "--version: the same in run --version and in the JSON" \
	bash -c "[ \"\$(\"$rc\" run --version)\" = \"\$(\"$rc\" --version)\" ] &&
		 [ -n '$v' ] && [ '$v' = '$jv' ]"
"$rc" sim --data-size 64 --no-such-option >/dev/null 2>"$dir/unknown.err"
check "sim: an unknown option is named, exit 2" \
	bash -c "[ $? -eq 2 ] && grep -q 'unknown option --no-such-option' \
		'$dir/unknown.err'"
"$rc" run --timeout 08 --list >/dev/null 2>&1
check "numbers are decimal: --timeout 08" bash -c "[ $? -eq 0 ]"
"$rc" sim --data-size 0100 --mode fwd-rw w8 >/dev/null 2>&1
check "numbers are decimal: --data-size 0100 is 100, refused" \
	bash -c "[ $? -eq 2 ]"
check "hex only with 0x: --data-size 0x40 is 64" \
	bash -c "\"$rc\" sim --data-size 0x40 --mode fwd-rw w8 |
		 grep -q 'data_size 64,'"
"$rc" run --sim-only --family wrap --json /nonexistent/r.json \
	>"$dir/badpath.out" 2>&1
check "a report that cannot be opened: exit 2 before the run" \
	bash -c "[ $? -eq 2 ] && ! grep -q 'cases in' '$dir/badpath.out'"
"$rc" run --sim-only --quick --family lifetime --json /dev/full \
	>/dev/null 2>&1
check "a report that cannot be written: exit 2" bash -c "[ $? -eq 2 ]"

# --- markers under the cells of their offsets: T at 16, H at 32
"$rc" sim --data-size 64 --mode fwd-rw w16 c w16 >"$dir/marker.out"
python3 - "$dir/marker.out" >"$dir/marker.res" 2>&1 <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
i = next(k for k, l in enumerate(lines) if l.strip().startswith("0 |"))
cell0 = lines[i].index("|") + 1
marks = lines[i + 1]
def col(ch):
    return marks.index(ch) - cell0
assert col("T") == 16 // 8 and col("H") == 32 // 8, (col("T"), col("H"))
print("markers ok")
PY
check "sim: T under offset 16, H under offset 32" \
	grep -q "^markers ok" "$dir/marker.res"

# --- wrong bytes: where and which (bug class 3 caps the copy at 4168)
mkdir -p "$dir/m03"
if patch -s -o "$dir/m03/ring_reader.c" "$top/reader/ring_reader.c" \
	<"$top/selftests/mutants/03-wrap-copy-capped.patch" &&
   $CC $cflags -o "$dir/m03/reader.so" "$dir/m03/ring_reader.c" \
	"$top/reader/reference_plugin.c"; then
	"$rc" run --case large-records-0.16384.4296.8 \
		--reader "$dir/m03/reader.so" >"$dir/m03/replay.out" 2>&1
	check "wrong bytes: ring offset, first differing byte, hexdump" \
		bash -c "grep -q 'ring offset 16376, 4296 bytes.*from byte 4168' \
			'$dir/m03/replay.out' &&
			 grep -q 'delivered *4160: .* 00 00' \
			'$dir/m03/replay.out'"
else
	not_ok "mutant 03 builds"
fi

# --- every check the judge can fire is in the table that gives its
# clause and bug class (engine/judge/diagnose.c), and the other way round
fired=$( (grep -ho 'fail\(_bytes\)\?([a-z>&.-]*, "[a-z-]*"' \
		"$top"/engine/judge/*.c "$top"/engine/player/*.c |
	sed 's/.*"\(.*\)"/\1/'
	grep -ho '"tail-ahead" : "tail-behind"' "$top"/engine/judge/*.c |
	grep -o 'tail-[a-z]*') | sort -u)
table=$(sed -n '/^static const struct judge_check checks/,/^};/p' \
	"$top/engine/judge/diagnose.c" | grep -o '^[[:space:]]*{ "[a-z-]*"' |
	sed 's/.*"\(.*\)"/\1/')
check "every check of the judge has its clause ($(sort -u <<<"$fired" |
	wc -l) checks)" \
	bash -c "[ '$(sort -u <<<"$fired")' = '$(sort -u <<<"$table")' ]"

# --- the man page says what --help says
"$top/cli/make_man.sh" "$rc" >"$dir/ringcheck.1"
check "cli/ringcheck.1 is generated from --help (cli/make_man.sh)" \
	cmp -s "$top/cli/ringcheck.1" "$dir/ringcheck.1"

# --- sim: 10^8 records in 256 MB plus what the binary maps (the ring's
# two views and libraries: 16 MB is generous)
limit=$(((256 + 16) * 1024))
(ulimit -v $limit && "$rc" sim --data-size 1048576 --mode fwd-ro \
	w8x100000000 >"$dir/sim1e8.out" 2>&1)
check "sim: 10^8 records under ulimit -v $limit KB" \
	bash -c "[ $? -eq 0 ] &&
		 grep -q 'data_head 800000000 ' '$dir/sim1e8.out' &&
		 grep -q 'written 100000000, dropped 0' '$dir/sim1e8.out' &&
		 grep -q '131072 whole records' '$dir/sim1e8.out'"

echo "# ringcheck-totals reports passed=$passed failed=$failed skipped=$skipped"
[ "$failed" -eq 0 ]
