#!/usr/bin/env python3
"""Posts pre-signed fetch_key bodies (one JSON per line, `seal-bench server-requests`) to a key
server and keeps the audit receipt of every granted answer, for the audit tests.

  post.py send --url URL --bodies FILE --from I --count N --out FILE.jsonl [--threads T]
               [--until-stopped STOPFILE] [--service-id 0x..] [--audit-public-key 0x..]
      POSTs bodies I..I+N-1 (cycling when --until-stopped, until STOPFILE exists); for every 200
      answer checks that the X-Seal-Audit-Receipt header equals the body's audit.receipt and
      appends one line {"key_server", "url", "audit_public_key", "seq", "receipt", "record"} to
      the output (written and flushed as soon as the answer arrived). Connection failures are
      counted, not fatal, with --until-stopped (the server may be killed on purpose).
  post.py collect IN.jsonl... --out FILE.json
      Joins such lines into the receipts file format of `seal decrypt --receipts`.
Prints a one-line summary on stderr.
"""
import argparse
import base64
import json
import os
import sys
import threading
import urllib.error
import urllib.request

HEADERS = {'Content-Type': 'application/json', 'Client-Sdk-Type': 'typescript',
           'Client-Sdk-Version': '1.4.12'}


def audit_key(url, service_id):
    req = urllib.request.Request(url + '/v1/service?service_id=' + service_id, headers=HEADERS)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)['audit']['public_key']


def send(args):
    bodies = open(args.bodies).read().splitlines()
    pk = args.audit_public_key or audit_key(args.url, args.service_id)
    out = open(args.out, 'a')
    lock = threading.Lock()
    counts = {'granted': 0, 'other': 0, 'failed': 0}
    next_i = [args.start]
    last = args.start + args.count

    def take():
        with lock:
            if args.until_stopped:
                if os.path.exists(args.until_stopped):
                    return None
            elif next_i[0] >= last:
                return None
            i = next_i[0]
            next_i[0] += 1
            return bodies[i % len(bodies)]

    def worker():
        while True:
            body = take()
            if body is None:
                return
            req = urllib.request.Request(args.url + '/v1/fetch_key', data=body.encode(),
                                         headers=HEADERS, method='POST')
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    answer = json.load(r)
                    header = r.headers.get('X-Seal-Audit-Receipt')
            except urllib.error.HTTPError as e:
                with lock:
                    counts['other'] += 1
                continue
            except (OSError, ValueError):
                with lock:
                    counts['failed'] += 1
                if not args.until_stopped:
                    raise
                continue
            audit = answer['audit']
            if header != audit['receipt']:
                sys.exit('post.py: the receipt header differs from the body\'s receipt')
            seq = int.from_bytes(base64.b64decode(audit['receipt'])[33:41], 'little')
            line = json.dumps({'key_server': args.service_id, 'url': args.url,
                               'audit_public_key': pk, 'seq': seq,
                               'receipt': audit['receipt'], 'record': audit['record']})
            with lock:
                out.write(line + '\n')
                out.flush()
                counts['granted'] += 1

    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.close()
    print('post.py: %(granted)d granted with a receipt, %(other)d other answers, '
          '%(failed)d connection failures' % counts, file=sys.stderr)


def collect(args):
    receipts = []
    for path in args.inputs:
        for line in open(path):
            if line.strip():
                receipts.append(json.loads(line))
    with open(args.out, 'w') as f:
        json.dump({'receipts': receipts}, f, indent=1)
    print('post.py: %d receipts collected' % len(receipts), file=sys.stderr)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest='cmd', required=True)
    s = sub.add_parser('send')
    s.add_argument('--url', required=True)
    s.add_argument('--bodies', required=True)
    s.add_argument('--from', dest='start', type=int, default=0)
    s.add_argument('--count', type=int, default=1)
    s.add_argument('--out', required=True)
    s.add_argument('--threads', type=int, default=1)
    s.add_argument('--until-stopped')
    s.add_argument('--audit-public-key', help='default: read from /v1/service')
    s.add_argument('--service-id',
                   default='0x000000000000000000000000000000000000000000000000000000000000abcd')
    c = sub.add_parser('collect')
    c.add_argument('inputs', nargs='+')
    c.add_argument('--out', required=True)
    a = p.parse_args()
    send(a) if a.cmd == 'send' else collect(a)


if __name__ == '__main__':
    main()
