# Filters `swift test` output for the console: drops "started" lines (including the continuation
# lines of multi-line test-case arguments) and per-test "passed" lines; keeps failures, issues,
# warnings and the run summary. The full output stays in test.sh's log.
skipping { if ($0 ~ /started\.$/) skipping = 0; next }
/^◇ / { if ($0 !~ /started\.$/) skipping = 1; next }
/^✔ Test run with/ { print; fflush(); next }
/^✔ (Test|Suite) / { next }
{ print; fflush() }
