// Builds dist/: the service and the CLI as ES modules that Node runs without transpiling.
// esbuild bundles our TypeScript and the pure-JavaScript dependencies into a few files, so a
// start reads a handful of modules instead of resolving thousands (typebox alone is ~700
// files). `tsc --noEmit` stays the type checker; this only strips types.
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = resolve(import.meta.dirname, '..');
export const distDir = join(root, 'dist');
const stampFile = join(distDir, '.built');

// What dist/ is made from: a change to any of these makes the build stale.
const sourceDirs = ['src', 'db', 'emails', 'scripts'];
const sourceFiles = ['package-lock.json', 'tsconfig.json'];

/**
 * Packages left outside the bundle: native code (better-sqlite3), packages that read files
 * beside their own sources at run time (swagger-ui's static assets), and the build tool itself.
 */
const external = ['better-sqlite3', '@fastify/swagger-ui', 'esbuild'];

function newestSourceTime() {
  let newest = 0;
  const visit = (path) => {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) return;
    if (info.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (info.mtimeMs > newest) {
      newest = info.mtimeMs;
    }
  };
  for (const dir of sourceDirs) visit(join(root, dir));
  for (const file of sourceFiles) visit(join(root, file));
  return newest;
}

function isBuildFresh() {
  const built = statSync(stampFile, { throwIfNoEntry: false });
  return built !== undefined && built.mtimeMs >= newestSourceTime();
}

export async function build() {
  const { build: bundle } = await import('esbuild');
  // Rounded up: a Date keeps whole milliseconds, file times keep nanoseconds.
  const sourcesTime = new Date(Math.ceil(newestSourceTime()));
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });
  await bundle({
    absWorkingDir: root,
    entryPoints: {
      server: 'src/server.ts',
      cli: 'scripts/cli.ts',
      'lineup-worker': 'src/modules/roles/lineup-worker.ts',
    },
    outdir: distDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external,
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __indabaRequire } from 'node:module'; const require = __indabaRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  // The stamp carries the sources' time, so a source saved during the build leaves it stale.
  writeFileSync(stampFile, `${sourcesTime.toISOString()}\n`);
  utimesSync(stampFile, sourcesTime, sourcesTime);
}

/** Builds when dist/ is missing or older than any source; returns whether it built. */
export async function ensureBuilt() {
  if (isBuildFresh()) return false;
  await build();
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  await build();
  console.log(`Built dist/ in ${Math.round(performance.now() - started)} ms.`);
}
