/**
 * Creates the NATS trust of a new Herald install (decentralized JWT auth):
 * an operator with a signing key, the system account, Herald's account with
 * a signing key and JetStream, one least-privilege user per service, and a
 * nats-server configuration for operator mode with a full resolver.
 *
 *   node deploy/nats/setup.mjs <dir> [--namespace herald] [--host 0.0.0.0] [--port 4222]
 *        [--store-dir /data/jetstream] [--resolver-dir /data/accounts]
 *
 * Needs `pnpm build` first. It refuses to write into a directory that
 * already holds an install: replacing the trust would lock every producer
 * out. Secret files are written with mode 0600; nothing secret is printed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTrust, writeInstall } from '@herald/nats-auth';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    namespace: { type: 'string', default: 'herald' },
    host: { type: 'string', default: '0.0.0.0' },
    port: { type: 'string', default: '4222' },
    'store-dir': { type: 'string' },
    'resolver-dir': { type: 'string' },
  },
});
const dir = positionals[0];
if (!dir) {
  console.error('usage: node deploy/nats/setup.mjs <dir> [--namespace herald] [--host 0.0.0.0]');
  console.error('       [--port 4222] [--store-dir <dir>] [--resolver-dir <dir>]');
  process.exit(2);
}
const out = path.resolve(dir);
if (existsSync(path.join(out, 'server.conf'))) {
  console.error(`nats setup: ${out} already holds an install; remove it first to start over`);
  process.exit(1);
}
const install = await writeInstall({
  dir: out,
  trust: await createTrust(),
  namespace: values.namespace,
  server: {
    host: values.host,
    port: Number(values.port),
    storeDir: values['store-dir'] ?? path.join(out, 'jetstream'),
    resolverDir: values['resolver-dir'] ?? path.join(out, 'accounts'),
  },
});
console.log(`nats setup: wrote ${install.dir} (namespace "${values.namespace}")`);
console.log(`  server config     ${install.serverConfig}`);
for (const [service, file] of Object.entries(install.serviceCreds)) {
  console.log(`  ${service.padEnd(16)}  NATS_CREDS=${file}`);
}
console.log(`  registry          also the variables in ${path.join(out, 'registry.env')}`);
console.log(`  keys/             identity seeds: move them offline; needed only to re-sign`);
