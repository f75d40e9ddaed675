#!/usr/bin/env bash
# Runs the import benchmark: a generated org of USERS users (default 20000) imported through
# the real camel-salesforce client and the simulator, on H2 and on PostgreSQL, at page sizes
# 200 and 2,000, REPETITIONS times each (default 3). Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-20000}
repetitions=${2:-3}
mvn -B -q -DskipTests test-compile exec:exec@bench -Dbench.args="$users $repetitions"
