/**
 * One Jest run for the whole workspace, in native ESM mode (NestJS 12 is
 * ESM-only). Tiers: `*.spec.ts` (unit, beside the code), `*.int-spec.ts`
 * (one service against real NATS + Postgres), `test/e2e/*.e2e-spec.ts`
 * (all five services as processes). scripts/ has unit tests beside its parts.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@herald/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test,bench,scripts}/**/*.{spec,int-spec,e2e-spec}.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/bundle/'],
  setupFiles: ['<rootDir>/libs/testing/src/jest.setup.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
