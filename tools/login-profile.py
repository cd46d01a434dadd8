#!/usr/bin/env python3
"""Where the login's CPU goes, from a flight recording of the benchmark's Keycloak (docs/benchmarks.md).

    tools/login-profile.py RECORDING.jfr [--skip N]

Reads the recording's jdk.ExecutionSample events (`jfr print --stack-depth 1024`), tells the voter
login's samples from the stock login's by the time slices the benchmark alternates (a sample belongs to
the flow whose own frames, an Isoloir step or Keycloak's UsernamePasswordForm, were sampled nearest in
time), and prints for each flow the share of its samples by kind (Argon2, database, FreeMarker, our code,
Keycloak...) and by step (the request or background task the sample is in). Multiply a share by the
benchmark's own "CPU s per login" of the flow to get milliseconds per login: a sample says where a thread
was, the benchmark's figure what the whole JVM spent (garbage collection and compilation included).
The first N slices (default 2: the provisioning's first logins with the voter warm-up, then the stock
warm-up) are left out, as the benchmark leaves them out of its figures.

Record with a deep stack, or the steps at the bottom of the stack are cut off (JFR keeps 64 frames):
    JAVA_OPTS_APPEND="-XX:FlightRecorderOptions=stackdepth=1024 \
        -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=/tmp/kc.jfr" \
        ./benchmark.sh --parts login ...
(the benchmark's Keycloak inherits the environment; --jfr sets JAVA_OPTS_APPEND itself, without the depth).
"""
import bisect
import collections
import re
import subprocess
import sys

# The kind of a sample: its innermost frame outside the JDK, except the JDK's own crypto (HMAC, SHA,
# SecureRandom), which is counted as crypto wherever it is called from.
KINDS = [
    ("argon2", re.compile(r"org\.bouncycastle\.crypto\.generators\.Argon2|Argon2PasswordHash")),
    ("pbkdf2", re.compile(r"Pbkdf2|PBKDF2|com\.sun\.crypto\.provider\.PBKDF2")),
    ("jdk crypto (HMAC, SHA, random)", re.compile(r"^(sun\.security\.provider|com\.sun\.crypto\.provider|javax\.crypto|java\.security\.SecureRandom)")),
    ("database (Hibernate, JDBC, H2, PostgreSQL)", re.compile(r"^(org\.hibernate|org\.h2|org\.postgresql|io\.agroal|com\.arjuna|org\.jboss\.jca)")),
    ("FreeMarker", re.compile(r"^freemarker\.")),
    ("Isoloir (fr.isoloir)", re.compile(r"^fr\.isoloir\.")),
    ("Infinispan (sessions, caches)", re.compile(r"^(org\.infinispan|org\.jgroups)")),
    ("Keycloak", re.compile(r"^org\.keycloak\.")),
    ("HTTP, JSON, JAX-RS (Vert.x, RESTEasy, Jackson, Quarkus)", re.compile(r"^(io\.vertx|io\.netty|org\.jboss\.resteasy|com\.fasterxml|io\.quarkus|io\.smallrye)")),
    ("logging", re.compile(r"^org\.jboss\.logmanager|^org\.jboss\.logging")),
]
JDK = re.compile(r"^(java\.|javax\.|jdk\.|sun\.|com\.sun\.)")

# The step of a sample: the first marker found from the bottom of the stack (the request's entry) up.
STEPS = [
    ("token (code to token)", re.compile(r"org\.keycloak\.protocol\.oidc\.endpoints\.TokenEndpoint\.")),
    ("authorize (first page)", re.compile(r"org\.keycloak\.protocol\.oidc\.endpoints\.AuthorizationEndpoint\.")),
    ("code sent in background", re.compile(r"fr\.isoloir\.delivery\.MessageDelivery|fr\.isoloir\.sms\.|fr\.isoloir\.email\.")),
    ("identifier step", re.compile(r"fr\.isoloir\.identifier\.IdentifierAuthenticator\.")),
    ("code step", re.compile(r"fr\.isoloir\.code\.")),
    ("passphrase step", re.compile(r"fr\.isoloir\.passphrase\.PassphraseAuthenticator\.")),
    ("election window", re.compile(r"fr\.isoloir\.election\.ElectionWindowAuthenticator\.")),
    ("previous session, cookie", re.compile(r"fr\.isoloir\.session\.")),
    ("password form (stock)", re.compile(r"org\.keycloak\.authentication\.authenticators\.browser\.(UsernamePasswordForm|AbstractUsernameFormAuthenticator)\.")),
    ("events (listeners, store)", re.compile(r"org\.keycloak\.events\.EventBuilder\.(send|success|error)|fr\.isoloir\.events\.MaskedIdentifiers")),
    ("login actions, other (flow, commit, redirect)", re.compile(r"org\.keycloak\.services\.resources\.LoginActionsService\.")),
]
VOTER = re.compile(r"^fr\.isoloir\.(identifier|code|passphrase)\.")
STOCK = re.compile(r"^org\.keycloak\.authentication\.authenticators\.browser\.UsernamePasswordForm")

FRAME = re.compile(r"^\s+([\w$.<>]+)\.([\w$<>]+)\(")
TIME = re.compile(r"startTime = (\d\d):(\d\d):(\d\d)\.(\d+)")


def samples(recording):
    out = subprocess.run(
        ["jfr", "print", "--stack-depth", "1024", "--events", "jdk.ExecutionSample", recording],
        check=True, capture_output=True, text=True).stdout
    t, frames = None, []
    for line in out.splitlines():
        m = TIME.search(line)
        if m:
            h, mi, s, frac = m.groups()
            t = int(h) * 3600 + int(mi) * 60 + int(s) + float("0." + frac)
            frames = []
            continue
        f = FRAME.match(line)
        if f:
            frames.append(f.group(1) + "." + f.group(2))
        elif line.startswith("}") and t is not None:
            yield t, frames
            t = None


def kind(frames):
    for frame in frames:  # innermost first
        for name, pattern in KINDS[:3]:
            if pattern.search(frame):
                return name
        if JDK.match(frame):
            continue
        for name, pattern in KINDS:
            if pattern.search(frame):
                return name
        return "other (" + ".".join(frame.split(".")[:2]) + ")"
    return "JDK only"


def step(frames):
    for name, pattern in STEPS:
        if any(pattern.search(f) for f in frames):
            return name
    return "other threads (caches, scheduler, GC-side Java work)"


def main():
    recording = sys.argv[1]
    skip = int(sys.argv[sys.argv.index("--skip") + 1]) if "--skip" in sys.argv else 2
    all_samples = sorted(samples(recording), key=lambda s: s[0])
    markers = [
        (t, "voter" if any(VOTER.match(f) for f in fr) else "stock")
        for t, fr in all_samples
        if any(VOTER.match(f) or STOCK.match(f) for f in fr)]
    slices = []  # [flow, first marker, last marker]
    for t, flow in markers:
        if slices and slices[-1][0] == flow:
            slices[-1][2] = t
        else:
            slices.append([flow, t, t])
    if len(slices) <= skip:
        sys.exit("fewer than %d slices of logins in %s" % (skip + 1, recording))
    print("slices (seconds of the day; * = measured):")
    for i, (flow, a, b) in enumerate(slices):
        print("  %s %s %.1f-%.1f" % ("*" if i >= skip else " ", flow, a, b))
    markers = [m for m in markers if m[0] >= slices[skip][1]]
    times = [t for t, _ in markers]
    first, last = times[0], times[-1]
    by_flow = collections.defaultdict(lambda: (collections.Counter(), collections.Counter()))
    for t, frames in all_samples:
        if t < first or t > last:
            continue
        i = bisect.bisect_left(times, t)
        near = min((j for j in (i - 1, i) if 0 <= j < len(times)), key=lambda j: abs(times[j] - t))
        kinds, steps = by_flow[markers[near][1]]
        kinds[kind(frames)] += 1
        steps[step(frames)] += 1
    for flow in ("voter", "stock"):
        kinds, steps = by_flow[flow]
        total = sum(kinds.values())
        print(f"\n## {flow} login: {total} samples\n")
        for title, counter in (("kind", kinds), ("step", steps)):
            print(f"| {title} | samples | share |\n|---|---:|---:|")
            for name, n in counter.most_common():
                print(f"| {name} | {n} | {100.0 * n / total:.1f} % |")
            print()


if __name__ == "__main__":
    main()
