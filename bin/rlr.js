#!/usr/bin/env -S node --max-semi-space-size=64
// Runs the CLI from a bundle of the TypeScript sources, rebuilt with esbuild
// whenever a source is newer than the bundle. A fresh clone needs no build
// step, and startup stays fast (one file instead of hundreds of modules).
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'rlr.mjs');
const sourceFolders = ['grammar', 'compiler', 'runtime', 'stdlib', 'cli', 'lsp', 'editor'];
/** Packages with native code or large data files stay outside the bundle. */
const external = ['onnxruntime-node', '@duckdb/node-api', 'sharp', '@resvg/resvg-js', 'bullmq', 'ioredis', 'parquet-wasm', 'mathjs', 'lmdb', 'wink-nlp', 'wink-eng-lite-web-model'];

function newestSource() {
  let newest = Math.max(statSync(join(root, 'package.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') visit(path);
      }
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const folder of sourceFolders) if (existsSync(join(root, folder))) visit(join(root, folder));
  return newest;
}

if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource()) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(bundle), { recursive: true });
  const temporary = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: temporary,
    external,
    logLevel: 'error',
    // Bundled CommonJS dependencies may call require(); give the ES module one.
    banner: { js: "import { createRequire as __rlrCreateRequire } from 'node:module'; const require = __rlrCreateRequire(import.meta.url);" },
  });
  renameSync(temporary, bundle);
}

const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
