// Helpers shared by the scripts that drive `seal localnet serve` with the official SDK
// (localnet.mjs, grpc.mjs, e2e.mjs, deploy.mjs): the seal binary from --seal, check lines and the
// final count, CLI calls, starting the server on a free port, a free port, a secret file.

import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export function sealPath(script) {
	const args = process.argv.slice(2);
	const si = args.indexOf('--seal');
	if (si < 0 || !args[si + 1]) {
		console.error(`usage: node ${script} --seal PATH/TO/seal`);
		process.exit(2);
	}
	return resolve(args[si + 1]);
}

export const counts = { passed: 0, failed: 0 };
export function check(label, cond, detail = '') {
	if (cond) {
		counts.passed++;
		console.log(`ok   ${label}`);
	} else {
		counts.failed++;
		console.log(`FAIL ${label}${detail ? `: ${detail}` : ''}`);
	}
}
// Prints "N passed, N failed" and exits 1 if anything failed.
export function finish() {
	console.log(`${counts.passed} passed, ${counts.failed} failed`);
	process.exit(counts.failed ? 1 : 0);
}

export function cli(SEAL) {
	const seal = (...argv) => {
		const r = spawnSync(SEAL, argv, { encoding: 'utf8' });
		if (r.status !== 0) throw new Error(`seal ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
		return r.stdout;
	};
	return { seal, sealJson: (...argv) => JSON.parse(seal(...argv)) };
}

// `seal localnet serve --data dir --listen 127.0.0.1:0 [extra...]`; resolves {child, url, log}
// (log: the lines it wrote on stderr, when it is piped).
export function startServer(SEAL, dir, extra = [], pipeStderr = false) {
	return new Promise((resolveP, reject) => {
		const child = spawn(SEAL, ['localnet', 'serve', '--data', dir, '--listen', '127.0.0.1:0', ...extra], { stdio: ['ignore', 'pipe', pipeStderr ? 'pipe' : 'inherit'] });
		let out = '';
		const log = [];
		if (pipeStderr) child.stderr.on('data', (d) => log.push(d.toString()));
		const timer = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 10000);
		child.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/^ready (http:\/\/127\.0\.0\.1:\d+)\n/m);
			if (m) {
				clearTimeout(timer);
				resolveP({ child, url: m[1], log });
			}
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`seal localnet serve exited ${code}`));
		});
	});
}

// A TCP port on 127.0.0.1 that was free a moment ago (for a process that cannot bind port 0).
export function freePort() {
	return new Promise((res, rej) => {
		const s = createServer();
		s.on('error', rej);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => res(port));
		});
	});
}

// Writes text and a newline to dir/name, readable by the owner only; returns the path.
export function writeSecret(dir, name, text) {
	const p = join(dir, name);
	writeFileSync(p, text + '\n', { mode: 0o600 });
	return p;
}
