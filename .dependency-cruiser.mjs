/**
 * The dependency rule of the repository (`pnpm deps`, part of `pnpm check`):
 * imports point one way. See docs/adr/0050-dependency-rule-with-dependency-cruiser.md.
 *
 * - no file imports itself back through a cycle;
 * - a library never imports an app, and an app never imports another app
 *   (apps share code through libs/ only);
 * - within an app, no two folders of `src/` import each other: shared types
 *   move down into a folder both import, or a port inverts the dependency.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
export default {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'A file cycle: one of these files must stop importing the other.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-lib-imports-app',
      comment: 'A library depends on no app: move the shared code into a library.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-app-imports-other-app',
      comment: 'An app depends on no other app: share through a library.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'Two folders of an app import each other: move the shared part down into a folder both import, or invert it with a port.',
      severity: 'error',
      scope: 'folder',
      from: {
        path: '^apps/[^/]+/src/',
      },
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: '^(apps|libs)/[^/]+/(src|test)/',
    exclude: { path: '(^|/)(node_modules|dist|bundle)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
      mainFields: ['types', 'module', 'main'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
