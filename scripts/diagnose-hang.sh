#!/usr/bin/env bash
# Called by test.sh when the suite outlives its time limit: prints what is still running so a
# hang on a CI machine can be fixed from the log alone.
# Usage: diagnose-hang.sh LOG SECONDS SESSION (the session id of the `swift test` run)
log=$1
limit=$2
session=$3
echo
echo "=== ferry tests still running after ${limit}s: diagnosis ==="
echo "--- tests started but not finished:"
sed -nE 's/^◇ Test ([^ ]+) started\.$/\1/p' "$log" | sort -u > "$log.started"
sed -nE 's/^[✔✘] Test ([^ ]+) (passed|failed|with).*/\1/p' "$log" | sort -u > "$log.ended"
comm -23 "$log.started" "$log.ended"
echo "--- process tree:"
ps -s "$session" -o pid,ppid,etime,stat,wchan:20,cmd --forest | tail -60
for pid in $(pgrep -s "$session" -f 'ferryPackageTests'); do
  echo "--- threads of $pid:"
  if command -v gdb >/dev/null; then
    timeout 60 gdb -p "$pid" -batch -ex 'thread apply all bt 12' 2>/dev/null | grep -E '^(Thread|#)' | head -400
  else
    for task in /proc/"$pid"/task/*; do
      echo "$(cat "$task"/comm 2>/dev/null) $(cat "$task"/wchan 2>/dev/null)"
    done | sort | uniq -c
  fi
done
echo "=== end of diagnosis ==="
rm -f "$log.started" "$log.ended"
