#!/usr/bin/env node
// A misbehaving committee member for tests/e2e/committee_interop.sh, at a member's URL:
//   node member-mock.mjs hang PORT      reads requests and never answers
//   node member-mock.mjs garbage PORT   answers 200 with a key server's version header and a body
//                                       that is not a fetch_key answer
// Prints "ready http://127.0.0.1:PORT" once listening; stops on SIGTERM.
import { createServer } from 'node:http';

const [mode, port] = process.argv.slice(2);
if (!['hang', 'garbage'].includes(mode) || !/^\d+$/.test(port ?? '')) {
	console.error('usage: node member-mock.mjs hang|garbage PORT');
	process.exit(2);
}
const held = new Set();
const server = createServer((req, res) => {
	req.resume();
	req.on('end', () => {
		if (mode === 'hang') {
			held.add(res);
			return;
		}
		res.writeHead(200, { 'Content-Type': 'application/json', 'X-KeyServer-Version': '0.6.10' });
		res.end('{"decryption_keys": "not a list"}');
	});
});
server.listen(Number(port), '127.0.0.1', () => console.log(`ready http://127.0.0.1:${port}`));
process.on('SIGTERM', () => {
	for (const r of held) r.destroy();
	server.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 1000).unref();
});
