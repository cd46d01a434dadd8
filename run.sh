#!/usr/bin/env bash
# The Isoloir demo, in one command: builds the extension, fetches the Keycloak distribution through
# Maven (once; later runs reuse it), installs the jar, imports realm-export/, and starts Keycloak on
# http://localhost:8080 plus a demo voting site on http://127.0.0.1:8081 with three demo voters.
# Data (H2) stays in .demo/ between runs. Ctrl-C stops everything.
#   ./run.sh                                 # default ports
#   ./run.sh --port 8180 --site-port 8181    # other ports
set -euo pipefail
cd "$(dirname "$0")"
. ./.mvn/find-jdk.sh

echo "Isoloir demo: building (the first build downloads Maven, the dependencies and Keycloak) ..."
./mvnw -q -B -Pdemo -DskipTests package

provider=$(ls authenticators/target/isoloir-keycloak-*.jar | grep -v '/original-' | head -n 1)
launcher=$(ls demo/target/isoloir-demo-*-launcher.jar | head -n 1)
home=$(ls -d .demo/keycloak-*/ | sed 's:/$::' | sort -V | tail -n 1)

exec "$JAVA_HOME/bin/java" -jar "$launcher" --home "$home" --provider "$provider" \
  --realm realm-export/vote-realm.json "$@"
