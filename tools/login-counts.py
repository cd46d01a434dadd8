#!/usr/bin/env python3
"""SQL statements per login and per request, from the log of a benchmark run (docs/benchmarks.md).

    KC_LOG_LEVEL='INFO,org.hibernate.SQL:debug' KC_HTTP_ACCESS_LOG_ENABLED=true \
        ./benchmark.sh --parts login --voters 10 --concurrency 1 --slice 3s --rounds 1 --warmup 4s
    tools/login-counts.py benchmark/target/run/keycloak.log

The benchmark's Keycloak inherits the environment: Hibernate then logs every statement it sends, and
Quarkus every request it answers, both on the worker thread that ran the request. Each statement is
counted for the next request its thread answers; statements on other threads (the code's background
send, the session and event cleanup) are counted apart. Requests are told apart by realm and path; the
voter steps by the execution their form posts to, named by the order they first appear in (identifier,
code, passphrase). Requests before the stock flow's first one (the provisioning's first logins, which
choose a passphrase, and the voter warm-up on cold caches) are left out, as the benchmark leaves them out.
A count does not depend on how busy the machine is, only on the code (and on what the caches hold).
"""
import collections
import re
import sys

LINE = re.compile(r"^\S+ \S+\s+(\w+)\s+\[([^\]]+)\] \(([^)]*)\) (.*)$")
ACCESS = re.compile(r'"(GET|POST) /realms/(\w+)/([^ ?"]*)(\?[^ "]*)? HTTP/[\d.]+" (\d+)')
EXECUTION = re.compile(r"execution=([0-9a-f-]+)")
VOTER_STEPS = ["identifier", "code", "passphrase"]


def table(sql):
    """What a statement does, and to which table: 'select USER_ATTRIBUTE', 'insert EVENT_ENTITY'..."""
    s = sql.strip().lower()
    verb = s.split()[0]
    m = re.search(r"\b(?:from|into|update)\s+(\w+)", s)
    return verb + " " + (m.group(1).upper() if m else "?")


def main():
    path = sys.argv[1]
    pending = collections.defaultdict(list)  # thread -> statements since its last request
    per_request = collections.defaultdict(collections.Counter)  # request kind -> statement kind -> count
    requests = collections.Counter()
    background = collections.Counter()
    executions = {}
    stock_started = False
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            m = LINE.match(line)
            if not m:
                continue
            level, category, thread, message = m.groups()
            if category == "org.hibernate.SQL":
                pending[thread].append(table(message))
                continue
            if "access-log" not in category:
                continue
            a = ACCESS.search(message)
            statements = pending.pop(thread, [])
            if not a:
                continue
            method, realm, rest, query, status = a.groups()
            if realm not in ("vote", "stock"):
                continue
            stock_started = stock_started or realm == "stock"
            if rest.endswith("openid-connect/auth"):
                kind = "authorize"
            elif rest.endswith("openid-connect/token"):
                kind = "token"
            elif rest.startswith("login-actions/authenticate") and method == "POST":
                e = EXECUTION.search(query or "")
                if realm == "vote" and e:
                    if e.group(1) not in executions:
                        executions[e.group(1)] = VOTER_STEPS[len(executions)] if len(executions) < 3 else e.group(1)
                    kind = executions[e.group(1)]
                else:
                    kind = "password"
            else:
                kind = method + " " + rest
            if not stock_started:
                continue
            key = (realm, kind)
            requests[key] += 1
            per_request[key].update(statements)
    for thread, statements in pending.items():
        background.update(statements)
    for realm in ("vote", "stock"):
        keys = [k for k in requests if k[0] == realm]
        logins = requests.get((realm, "token"), 0)
        print(f"\n## realm {realm}: {logins} logins (token requests)\n")
        print("| request | n | SQL per request | of which |\n|---|---:|---:|---|")
        total = 0.0
        for key in sorted(keys, key=lambda k: -requests[k]):
            n = requests[key]
            counts = per_request[key]
            per = sum(counts.values()) / n
            total += sum(counts.values())
            detail = ", ".join(f"{c / n:.2f} {s}" for s, c in counts.most_common())
            print(f"| {key[1]} | {n} | {per:.2f} | {detail} |")
        if logins:
            print(f"\nSQL statements per login ({realm}, on request threads): {total / logins:.2f}")
    print("\n## other threads (background sends, timers), whole run\n")
    for s, c in background.most_common():
        print(f"- {c} {s}")


if __name__ == "__main__":
    main()
