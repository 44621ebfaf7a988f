import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The generated types are what openapi-typescript makes of the committed OpenAPI today. */
describe('libs/client/src/generated', () => {
  it('matches docs/api/*.openapi.json (run `pnpm openapi` when this fails)', async () => {
    const script = path.resolve(import.meta.dirname, '../scripts/generate.mjs');
    const generator = (await import(script)) as {
      SERVICES: string[];
      outputFile: (service: string) => string;
      generate: (service: string) => Promise<string>;
    };
    expect(generator.SERVICES).toHaveLength(5);
    for (const service of generator.SERVICES) {
      const committed = readFileSync(generator.outputFile(service), 'utf8');
      expect({ service, fresh: committed === (await generator.generate(service)) }).toEqual({
        service,
        fresh: true,
      });
    }
  });
});
