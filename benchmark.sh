#!/usr/bin/env bash
# The benchmark (docs/benchmarks.md), in one command: builds the extension and the benchmark,
# then, for each database (--db h2|postgres|both, default both: H2, then a private PostgreSQL started by the
# run), starts Keycloak 26.7.3 in production mode (kc.sh build + start --optimized) with the provider jar
# and realm-export/vote-realm.json, fake SMS and SMTP providers, and drives voter logins against two stock
# anchors (password login; username, password and OTP forms) over HTTP side by side; on PostgreSQL with one
# node, then two (--nodes 1,2); then the bulk parts (import, lost-identifier lookup, send to 100,000 voters,
# postal letters) in a realm of their own. Prints Markdown tables; keeps them and Keycloak's logs in
# benchmark/target/run/. Default sizes: about an hour on a quiet 2-core machine (estimate, docs/benchmarks.md).
#   ./benchmark.sh                                         # default sizes
#   ./benchmark.sh --voters 20 --concurrency 1,2 --slice 3s --rounds 1 --warmup 4s \
#                  --first-logins 4 --staged 10 --senders 2 \
#                  --bulk-voters 500 --admin-users 20 --lookups 20 --sending-time 20s   # a quick smoke run
#   ./benchmark.sh --db postgres --parts import,sending,letters --bulk-voters 5000   # bulk parts, smaller
#   ./benchmark.sh --db postgres --find-limit 100000,200000   # the largest list the bulk parts complete
#   ./benchmark.sh --help                                  # every option
set -euo pipefail
cd "$(dirname "$0")"
. ./.mvn/find-jdk.sh

echo "Isoloir benchmark: building ..." >&2
# Offline when ~/.m2 already holds everything; otherwise Maven fetches what is missing.
./mvnw -q -B -o -Pbenchmark -DskipTests -pl benchmark -am package 2>/dev/null \
  || ./mvnw -q -B -Pbenchmark -DskipTests -pl benchmark -am package

provider=$(ls authenticators/target/isoloir-keycloak-*.jar | grep -v '/original-' | head -n 1)
launcher=$(ls benchmark/target/isoloir-benchmark-*-launcher.jar | head -n 1)
home=$(ls -d benchmark/target/keycloak-*/ | sed 's:/$::' | sort -V | tail -n 1)

exec "$JAVA_HOME/bin/java" -jar "$launcher" --home "$home" --provider "$provider" \
  --realm realm-export/vote-realm.json --work benchmark/target/run "$@"
