// The bundle of scripts/bundle-cli.mjs, but with whitespace and esbuild's `// src/...` module
// markers kept, into <out> (default /tmp/parallel-mcp-profile-bundle): the same code, so a CPU
// profile of it can be attributed per source file by bench/profile-summary.mjs.
//
//   npm run build && node bench/profile-bundle.mjs [out] [checkout=this one]
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(process.argv[3] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const out = resolve(process.argv[2] ?? '/tmp/parallel-mcp-profile-bundle');
const outdir = join(out, 'bundle');
mkdirSync(outdir, { recursive: true });
// As scripts/bundle-cli.mjs: `new URL('<relative>', import.meta.url)` points from the bundle to the same file.
const RELATIVE_URL = /new URL\((['"])(\.\.?\/[^'"]+)\1, import\.meta\.url\)/g;
const relativeUrls = {
  name: 'relative-urls',
  setup(context) {
    context.onLoad({ filter: /\/dist\/.*\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.replace(RELATIVE_URL, (_match, quote, target) => {
        const moved = relative(outdir, resolve(dirname(path), target)).split('\\').join('/');
        return `new URL(${quote}${moved.startsWith('.') ? moved : `./${moved}`}${quote}, import.meta.url)`;
      });
      return { contents, loader: 'js' };
    });
  },
};
await build({
  entryPoints: { 'parallel-mcp': join(root, 'dist', 'cli.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  plugins: [relativeUrls],
  logLevel: 'warning',
  legalComments: 'none',
});
process.stdout.write(`${join(outdir, 'parallel-mcp.js')}\n`);
