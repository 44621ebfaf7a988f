// `pnpm openapi`: writes docs/api/<service>.openapi.json for the five services and
// docs/api/herald.openapi.json (all of them), from the compiled code (`pnpm build` first).
// The apps are only previewed by Nest — no provider runs — so no NATS or Postgres is needed.
// test/api-docs/openapi.spec.ts fails while a committed file differs from what this writes.
import 'reflect-metadata';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs/api');
const load = (relative) => import(path.join(root, relative));

const { renderApiDocuments } = await load('libs/http-api/dist/index.js');
const services = [
  (await load('apps/ingest/dist/api-docs.js')).ingestApiDocs,
  (await load('apps/registry/dist/api-docs.js')).registryApiDocs,
  (await load('apps/dispatcher/dist/api-docs.js')).dispatcherApiDocs,
  (await load('apps/health-monitor/dist/api-docs.js')).healthMonitorApiDocs,
  (await load('apps/alerting/dist/api-docs.js')).alertingApiDocs,
];

const files = await renderApiDocuments(services);
await mkdir(out, { recursive: true });
for (const name of await readdir(out)) {
  if (name.endsWith('.openapi.json') && !(name in files)) await rm(path.join(out, name));
}
for (const [name, text] of Object.entries(files)) {
  await writeFile(path.join(out, name), text);
  console.log(`wrote docs/api/${name}`);
}
