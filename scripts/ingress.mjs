// `pnpm ingress` (also part of `pnpm openapi`): writes deploy/k8s/base/ingress.yaml from
// the route table of docs/api/herald.openapi.json — the same table the gateway routes by.
// test/deploy/ingress.spec.ts fails while the committed file differs from what this writes.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const load = (relative) => import(path.join(root, relative));
const { routeTable } = await load('libs/http-api/dist/index.js');
const { renderIngress } = await load('apps/gateway/dist/ingress/render-ingress.js');

const document = JSON.parse(
  await readFile(path.join(root, 'docs/api/herald.openapi.json'), 'utf8'),
);
const out = path.join(root, 'deploy/k8s/base/ingress.yaml');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, renderIngress(routeTable(document)));
console.log('wrote deploy/k8s/base/ingress.yaml');
