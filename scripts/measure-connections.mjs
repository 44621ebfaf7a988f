#!/usr/bin/env node
// What requests in flight cost a Node process on their own, outside Herald:
//   node scripts/measure-connections.mjs [requests ...]   (default 250 1000)
// For each count, a fresh process started with the dispatcher's Node flags
// and allocator settings (`serviceNodeFlags`, `serviceProcessEnv`) loads the
// dispatcher's undici agent and request modules (as `GuardedAgent` does) and
// sends that many 1 KiB POSTs at once to one origin: a server in another
// process, which holds every request until all have arrived and the client
// has been measured, then answers them all. It prints the resident set (all
// of it, the file-backed pages of the binary and libraries, and the
// anonymous memory), V8's heap (committed and used) and the live heap after
// a full collection: at rest, with every request in flight, and once every
// response was read. Nothing else runs in the process, so the growth is the
// floor for that many connections, whatever the code around them.
import { Buffer } from 'node:buffer';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serviceNodeFlags, serviceProcessEnv } from '@herald/heap-budget';

const root = path.resolve(import.meta.dirname, '..');
const MiB = 1024 * 1024;

/** The server: holds the requests, says when `count` have arrived, answers them when told. */
function serve(count) {
  const held = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      held.push(response);
      if (held.length === count) process.send('arrived');
    });
  });
  process.on('message', () => {
    for (const waiting of held.splice(0)) waiting.end('ok');
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
}

function memory() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))[1]) / 1024;
  const heap = process.memoryUsage();
  return {
    rss: kb('VmRSS'),
    anon: kb('RssAnon'),
    file: kb('RssFile'),
    heapTotal: heap.heapTotal / MiB,
    heapUsed: heap.heapUsed / MiB,
  };
}

/** The client: `count` requests at once on one undici agent. */
async function send(count, port) {
  const require = createRequire(path.join(root, 'apps/dispatcher/package.json'));
  const Agent = require('undici/lib/dispatcher/agent.js');
  const request = require('undici/lib/api/api-request.js');
  const agent = new Agent({ keepAliveTimeout: 60_000 });
  const body = Buffer.alloc(1024, 'a');
  const origin = `http://127.0.0.1:${port}`;
  const rows = [];
  const note = (moment) => {
    const before = memory();
    globalThis.gc();
    rows.push({ moment, ...before, live: process.memoryUsage().heapUsed / MiB });
  };
  note('at rest');
  const answered = [];
  for (let i = 0; i < count; i++) {
    const headers = { 'content-type': 'application/json', 'webhook-id': `msg_${i}` };
    const response = request.call(agent, { origin, path: `/e${i}`, method: 'POST', body, headers });
    answered.push(response.then((r) => r.body.text()));
  }
  const all = Promise.all(answered);
  // The parent says so once the server holds every request.
  await new Promise((resolve) => process.once('message', resolve));
  note('all in flight');
  process.send('measured');
  await all;
  note('all answered');
  process.send(rows);
  await agent.close();
}

function child(role, args, flags = []) {
  return fork(import.meta.filename, [role, ...args], {
    execArgv: ['--expose-gc', ...flags],
    env: serviceProcessEnv(process.env),
  });
}

function once(proc) {
  return new Promise((resolve, reject) => {
    proc.once('message', resolve);
    proc.once('error', reject);
  });
}

async function main() {
  const counts = process.argv.slice(2).map(Number);
  if (counts.some((count) => !Number.isInteger(count) || count < 1)) {
    console.error('usage: node scripts/measure-connections.mjs [requests ...]');
    process.exit(2);
  }
  const flags = serviceNodeFlags(root, 'dispatcher');
  console.log(`client flags: ${flags.join(' ')}`);
  for (const count of counts.length > 0 ? counts : [250, 1000]) {
    const server = child('serve', [String(count)]);
    const port = await once(server);
    const client = child('send', [String(count), String(port)], flags);
    await once(server); // every request arrived
    client.send('measure');
    await once(client);
    server.send('release');
    const rows = await once(client);
    await new Promise((resolve) => client.once('exit', resolve));
    server.kill();
    console.log(`\n${count} requests at once (MB)`);
    const columns = ['rss', 'files', 'anonymous', 'heap', 'heap used', 'live'];
    console.log('moment'.padEnd(14), columns.map((name) => name.padStart(9)).join(' '));
    for (const row of rows) {
      const cells = [row.rss, row.file, row.anon, row.heapTotal, row.heapUsed, row.live];
      console.log(row.moment.padEnd(14), cells.map((v) => v.toFixed(1).padStart(9)).join(' '));
    }
  }
}

const [role, ...args] = process.argv.slice(2);
if (role === 'serve') serve(Number(args[0]));
else if (role === 'send') await send(Number(args[0]), Number(args[1]));
else await main();
