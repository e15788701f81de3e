// Bundles the browser harness (tests/harness/index.tsx) with esbuild into tests/harness/public/.
// Unlike the plugin build, React and @grafana/* are bundled in: there is no Grafana to provide them.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [join(here, 'index.tsx')],
  outfile: join(here, 'public', 'bundle.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  jsx: 'transform',
  define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
  loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
  logLevel: 'warning',
  alias: { 'react-custom-scrollbars-2': join(here, 'shims', 'scrollbars.js') },
  minify: true,
  legalComments: 'none',
});
console.log('harness bundle written to tests/harness/public/bundle.js');
