// Compiles apps/ and libs/ (specs left out) to dist/ with swc, ahead of time: the same options
// the register hook uses at run time (decorators with metadata, ES2022, CommonJS), with the
// tsconfig path aliases rewritten to relative requires. Running dist/ needs no compiler in the
// process: about 90 MB less RSS per service than `node -r tools/scripts/register.cjs`.
//   node tools/scripts/build.cjs [out]      -> dist/apps/<app>/src/main.js (or <out>/..., inside the
//   workspace so that packages resolve from its node_modules)
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.resolve(ROOT, process.argv[2] ?? 'dist');
if (path.relative(ROOT, OUT).startsWith('..') || OUT === ROOT) throw new Error(`the output folder must be inside the workspace: ${OUT}`);
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8'));
const SPEC = /\.(spec|int-spec|e2e-spec)\.ts$|\.e2e-harness\.ts$|\.d\.ts$/;

function sources(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sources(full));
    else if (entry.name.endsWith('.ts') && !SPEC.test(entry.name)) found.push(full);
  }
  return found;
}

const started = Date.now();
fs.rmSync(OUT, { recursive: true, force: true });
const files = ['apps', 'libs'].flatMap((d) => sources(path.join(ROOT, d)));
for (const file of files) {
  const { code, map } = swc.transformFileSync(file, {
    swcrc: false,
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: ROOT,
      paths: compilerOptions.paths,
    },
    module: { type: 'commonjs' },
  });
  const target = path.join(OUT, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
  fs.writeFileSync(`${target}.map`, map);
}
console.log(`built ${files.length} files into ${path.relative(ROOT, OUT)}/ in ${Date.now() - started} ms`);
