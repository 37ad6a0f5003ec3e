// `npm start` and `npm run cli`: runs dist/<entry>.js in this same process (so signals reach
// the service itself), building dist/ first when it is missing or older than the sources.
import { pathToFileURL } from 'node:url';
import { distDir, ensureBuilt } from './build.mjs';

const [entry] = process.argv.splice(2, 1);
if (entry !== 'server' && entry !== 'cli') {
  console.error('Usage: node scripts/run.mjs server|cli [arguments]');
  process.exit(2);
}
if (await ensureBuilt()) console.error('Built dist/ from the sources.');
await import(pathToFileURL(`${distDir}/${entry}.js`).href);
