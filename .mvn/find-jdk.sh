# Sourced by ./mvnw and ./run.sh (POSIX sh): Keycloak 26.7 needs Java 21+, so make sure JAVA_HOME
# points at a JDK 21 or newer, or stop at once with a message saying what to install or set.
isoloir_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

isoloir_jdk_ok() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  major=$(isoloir_java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

isoloir_find_jdk() {
  if isoloir_jdk_ok "${JAVA_HOME-}"; then return 0; fi
  on_path=""
  if command -v java >/dev/null 2>&1; then
    on_path=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  fi
  # Newest first, so a machine with 17 and 25 picks 25.
  for candidate in "$on_path" $(ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ \
      "$HOME"/.sdkman/candidates/java/*/ 2>/dev/null | sed 's:/$::' | sort -r -V); do
    if isoloir_jdk_ok "$candidate"; then
      if [ -n "${JAVA_HOME-}" ] || [ "$candidate" != "$on_path" ]; then
        echo "isoloir: using the JDK $(isoloir_java_major "$candidate") in $candidate (Keycloak 26.7 needs 21+)" >&2
      fi
      JAVA_HOME=$candidate
      export JAVA_HOME
      return 0
    fi
  done
  echo "isoloir: no JDK 21 or newer found (Keycloak 26.7 needs Java 21+)." >&2
  echo "  Found: ${JAVA_HOME:-no JAVA_HOME}, java on PATH: ${on_path:-none}." >&2
  echo "  Install one (for example: apt-get install openjdk-21-jdk, or Temurin 21/25 from adoptium.net)" >&2
  echo "  and set JAVA_HOME to it, e.g. export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64" >&2
  exit 1
}

isoloir_find_jdk
