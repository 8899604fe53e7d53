// Bundles the built CLI (dist/cli.js and everything it imports, dependencies included) into
// dist/bundle/: one file for what start-up loads and one chunk per dynamic import(), so the
// lazy parts stay lazy. Start-up then reads a few files instead of ~300 modules, which is
// most of its time (issue 13). `new URL('<relative>', import.meta.url)` in the sources
// (package.json, prompts/) is rewritten to point from dist/bundle/ to the same file.
// dist/bundle-inputs.json lists the sources in each file of the bundle.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
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

// Chunk names carry a hash: start from an empty folder, or old chunks pile up.
await rm(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { 'parallel-mcp': join(root, 'dist', 'cli.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  // CommonJS dependencies (ajv, cross-spawn) call require(); ESM output has none of its own.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  plugins: [relativeUrls],
  logLevel: 'warning',
  legalComments: 'none',
  // No comments or indentation: V8 parses ~30% less text at start-up (~10 ms of CPU to load the
  // main chunk); names are kept (no identifier minification), so stack traces still read.
  minifyWhitespace: true,
  metafile: true,
});

// Which sources each file of the bundle holds (the start-up tests check what loads when).
const inputs = {};
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  inputs[relative(outdir, resolve(file)).split('\\').join('/')] = Object.keys(output.inputs);
}
await writeFile(join(root, 'dist', 'bundle-inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);

// V8 keeps each module's source text in memory for as long as the process runs, as Latin-1
// when every character fits, else as UTF-16: one "…" in a comment doubled the main file's
// ~1 MB. esbuild escapes non-ASCII characters in code (charset "ascii", its default) but
// copies comments as they are; escape what is left, which can only be in comments.
for (const name of await readdir(outdir)) {
  if (!name.endsWith('.js')) continue;
  const path = join(outdir, name);
  const source = await readFile(path, 'utf8');
  if (/[^\x00-\x7f]/.test(source)) {
    await writeFile(path, source.replace(/[^\x00-\x7f]/gu, (char) => `\\u{${char.codePointAt(0).toString(16)}}`));
  }
}
