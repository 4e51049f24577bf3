#!/usr/bin/env bash
# `seal localnet serve --log`: one JSON line per request on stderr, whatever the request holds
# (method names with control characters, line and paragraph separators, invalid UTF-8, huge or
# malformed bodies): every line parses as JSON, and no line carries a control character.
source "$(dirname "$0")/../cli/lib.sh" "$@"

D=$T/net
"$SEAL" localnet init --data "$D" >"$T/init" || bad "init"
"$SEAL" localnet serve --data "$D" --listen 127.0.0.1:0 --log >"$T/serve" 2>"$T/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$T"' EXIT
URL=
for _ in $(seq 1 100); do
    URL=$(sed -n 's/^ready \(http:.*\)$/\1/p' "$T/serve")
    [[ -n $URL ]] && break
    sleep 0.05
done
check "serve is ready" test -n "$URL"

post() { # post BODY-FILE
    curl -s -o /dev/null --max-time 5 -H 'Content-Type: application/json' --data-binary @"$1" "$URL"
}
n=0
for method in 'sui_getObject' 'a\u001b[2Jb' 'x\r\n{\"forged\":true}' 'sep\u2028par\u2029' \
    'nel\u0085del\u007f' "$(printf 'raw\033]0;t\007')"; do
    printf '{"jsonrpc":"2.0","id":1,"method":"%s","params":[]}' "$method" >"$T/body"
    post "$T/body"
    n=$((n + 1))
done
printf '{"jsonrpc":"2.0","id":1,"method":"in\xff\xfevalid","params":[]}' >"$T/body"
post "$T/body"
n=$((n + 1))
printf '[{"jsonrpc":"2.0","id":1,"method":"a\\nb"},{"jsonrpc":"2.0","id":2,"method":"c\\u0000d"}]' >"$T/body"
post "$T/body"
n=$((n + 1))
printf 'not json \033[2J\n' >"$T/body"
post "$T/body"
n=$((n + 1))
kill -TERM $SERVER
wait $SERVER
check "serve stopped" true

lines=$(grep -c '^{"method"' "$T/serve.err")
check "one access log line per request ($n)" test "$lines" = "$n"
check "no control characters in the log" no_control "$T/serve.err"
check "every access log line is JSON" python3 -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    if l.startswith("{"):
        json.loads(l)
' "$T/serve.err"
finish
