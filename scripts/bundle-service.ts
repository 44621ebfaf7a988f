/**
 * The last step of a service's `pnpm build` (run in apps/<service>): bundles
 * the swc output (`dist/main.js`, decorator metadata already emitted) and
 * the packages it loads into `bundle/`, minified, the file the service is
 * started from (`serviceEntry`, ADR 0093). Two thousand and more modules
 * become about thirty files: 15–16 MB less live heap and 14–20 MB less RSS at start.
 *
 * - Split, not one file: V8 compiles each file in one go, and the memory it
 *   parses a 6 MB file with stays in the allocator after the compile (about
 *   40 MB of resident set). The heaviest packages are entry points of their
 *   own, so no file is much above a megabyte.
 * - A package that is not installed stays an import (Nest's optional peers:
 *   class-validator, kafkajs, …; `pg-native`); loading it fails at run time
 *   exactly as it does unbundled.
 * - `swagger-ui-dist` and the tracing SDK stay in node_modules, imported by
 *   a relative path (`IN_PLACE`).
 * - ESM packages that `require` through `createRequire(import.meta.url)`
 *   (@nestjs/swagger, @nestjs/terminus) have those calls bundled; left alone
 *   they would resolve from `bundle/` and load a second, unbundled copy.
 * - Nest's two logger modules build their timestamp formatter on first use
 *   rather than when they load (ADR 0102).
 */
import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as esbuild from 'esbuild';

const appDir = process.cwd();
const service = path.basename(appDir);
const outdir = path.join(appDir, 'bundle');

/** Packages split into files of their own (those the services load that weigh most). */
const SPLIT = [
  'typeorm',
  '@nestjs/core',
  '@nestjs/common',
  '@nestjs/microservices',
  '@nestjs/platform-express',
  '@nestjs/swagger',
  'rxjs',
  'zod',
];
/**
 * Packages used from their installed folder: swagger-ui-dist (its assets),
 * and the tracing SDK, imported only when `OTEL_*` asks for it (bundled,
 * its CommonJS entry points would lose their named exports across the
 * split; it shares @opentelemetry/api's global registry with the bundle).
 */
const IN_PLACE = [
  'swagger-ui-dist',
  '@opentelemetry/sdk-node',
  '@opentelemetry/instrumentation-undici',
];
const SELF_REQUIRE = 'const require = createRequire(import.meta.url)';

/**
 * Nest's console logger and its `Logger` each build an `Intl.DateTimeFormat`
 * when their module loads, for the timestamp of a console line. Herald logs
 * through pino and prints no such line, but building one loads ICU's locale
 * and calendar data from the node binary: about 6 MB of resident set in every
 * service (ADR 0102). In the bundle, the formatter is built when a line is
 * first formatted. A Nest release that builds it differently fails the build
 * here, so the step is reviewed rather than silently lost.
 */
const NEST_LOGGER = /[\\/]@nestjs[\\/]common[\\/]services[\\/](?:console-)?logger\.service\.js$/;
const EAGER_FORMATTER = 'const dateTimeFormatter = new Intl.DateTimeFormat(';
const LAZY_FORMATTER =
  'const __heraldLazyDateFormat = (...options) => { let made; ' +
  'return { format: (date) => (made ??= new Intl.DateTimeFormat(...options)).format(date) }; };\n' +
  'const dateTimeFormatter = __heraldLazyDateFormat(';

/**
 * Node's built-in modules, where the bundle's ES modules `import` them, are
 * loaded with `require` instead (ADR 0115). An ES import of a built-in makes
 * its module facade, which reads every export once: reading `http`'s
 * `WebSocket`, `CloseEvent` and `MessageEvent` loads Node's own copy of
 * undici, and with it http2, zlib, worker threads, web streams and readline.
 * No service uses them; in a bare process they cost 5.4 MB of resident set
 * and 1.7 MB of heap. A built-in loaded with `require` is read property by
 * property, when the code reads it.
 */
const BUILTIN = 'herald-builtin';
const IMPORTS = new Set<esbuild.ImportKind>(['import-statement', 'dynamic-import']);

/**
 * Each character outside ASCII in the output, written as its `\u` escape
 * (ADR 0115). Node holds a module's source beside V8's heap, one byte per
 * character when it is all ASCII and two otherwise: one such character (a
 * bundled library's regular expression) doubled a 1.1 MB file's source in
 * every service. Esbuild escapes strings and names itself; what it leaves
 * is in regular expressions and legal comments, where the escape means the
 * same character.
 */
function asciiOnly(text: string): string {
  return text.replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const herald: esbuild.Plugin = {
  name: 'herald-service-bundle',
  setup(build) {
    build.onResolve({ filter: /^(?:node:)?[a-z_/0-9]+$/ }, (args) => {
      if (!IMPORTS.has(args.kind) || !isBuiltin(args.path)) return undefined;
      return { path: args.path.replace(/^node:/, ''), namespace: BUILTIN };
    });
    build.onLoad({ filter: /.*/, namespace: BUILTIN }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (NEST_LOGGER.test(args.path)) {
        if (!text.includes(EAGER_FORMATTER)) {
          throw new Error(`${args.path}: no "${EAGER_FORMATTER}" to make lazy (ADR 0102)`);
        }
        return {
          contents: text.replace(EAGER_FORMATTER, LAZY_FORMATTER),
          loader: 'js',
          resolveDir: path.dirname(args.path),
        };
      }
      if (!text.includes(SELF_REQUIRE)) return undefined;
      return {
        contents: text.replaceAll(`${SELF_REQUIRE};`, ''),
        loader: 'js',
        resolveDir: path.dirname(args.path),
      };
    });
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'probe' || args.path.startsWith('node:')) return undefined;
      const found = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'probe',
      });
      if (found.errors.length > 0) return { path: args.path, external: true };
      if (IN_PLACE.some((name) => args.path === name || args.path.startsWith(`${name}/`))) {
        return { path: path.relative(outdir, found.path), external: true };
      }
      return undefined;
    });
  },
};

// Those of the app's own dependencies (the others end up in shared files all the same).
const entryPoints = [
  { in: './dist/main.js', out: 'main' },
  ...SPLIT.filter((name) =>
    existsSync(path.join(appDir, 'node_modules', name, 'package.json')),
  ).map((name) => ({ in: name, out: `vendor-${name.replace(/[@/]/g, '_')}` })),
];

await rm(outdir, { recursive: true, force: true });
const started = Date.now();
const result = await esbuild.build({
  absWorkingDir: appDir,
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  minify: true,
  // Nest names providers and log contexts after classes and functions.
  keepNames: true,
  // Off at run time; `NODE_OPTIONS=--enable-source-maps` maps traces to dist/ and src/.
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  // For the CommonJS packages inlined in an ES module.
  banner: {
    js: "import { createRequire as __heraldRequire } from 'node:module'; const require = __heraldRequire(import.meta.url);",
  },
  plugins: [herald],
});
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
for (const [file] of outputs) {
  const target = path.join(appDir, file);
  const text = await readFile(target, 'utf8');
  const ascii = asciiOnly(text);
  if (ascii !== text) await writeFile(target, ascii);
}
const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
console.log(
  `${service}: bundle/ ${outputs.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, ` +
    `${Object.keys(result.metafile.inputs).length} modules, ${Date.now() - started} ms`,
);
