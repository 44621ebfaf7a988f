import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The generated types are what openapi-typescript makes of the committed OpenAPI today. */
describe('libs/client/src/generated', () => {
  it('matches docs/api/*.openapi.json (run `pnpm openapi` when this fails)', async () => {
    const script = path.resolve(import.meta.dirname, '../scripts/generate.mjs');
    const generator = (await import(script)) as {
      SERVICES: string[];
      FILES: string[];
      outputFile: (file: string) => string;
      generate: (file: string) => Promise<string>;
    };
    expect(generator.SERVICES).toHaveLength(5);
    // The table of each service's paths names all five.
    for (const service of generator.SERVICES) {
      expect(await generator.generate('services')).toContain(`'${service}': [`);
    }
    for (const file of generator.FILES) {
      const committed = readFileSync(generator.outputFile(file), 'utf8');
      expect({ file, fresh: committed === (await generator.generate(file)) }).toEqual({
        file,
        fresh: true,
      });
    }
  });
});
