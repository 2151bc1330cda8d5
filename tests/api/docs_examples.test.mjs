// The C examples of the docs are the code as it is: every ```c block in docs/*.md that
// begins with #include is compiled against core/ (syntax and types, warnings as errors),
// so an example that names a function or a field the code no longer has fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.KAZI_SHARE_DIR || join(dirname(fileURLToPath(import.meta.url)), '../..');
const CC = process.env.KAZI_CC || process.env.CC || 'cc'; // the build's compiler under ctest

function examples() {
  const out = [];
  const docs = join(ROOT, 'docs');
  for (const name of readdirSync(docs).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(docs, name), 'utf8');
    for (const m of text.matchAll(/^```c\n([\s\S]*?)^```/gm)) {
      if (!m[1].startsWith('#include')) continue;
      const line = text.slice(0, m.index).split('\n').length + 1;
      out.push({ where: `docs/${name}:${line}`, code: m[1] });
    }
  }
  return out;
}

test('docs__every_c_example_that_includes_its_headers_compiles', () => {
  const all = examples();
  assert.ok(all.some((e) => e.where.startsWith('docs/security.md')), 'docs/security.md has compiled examples');
  const dir = mkdtempSync(join(tmpdir(), 'kazi-docs-'));
  try {
    for (const { where, code } of all) {
      const file = join(dir, 'example.c');
      writeFileSync(file, code);
      const r = spawnSync(CC, ['-std=c11', '-fsyntax-only', '-Wall', '-Wextra', '-Werror',
        '-Wno-unused-function', '-I', join(ROOT, 'core'), file], { encoding: 'utf8' });
      assert.equal(r.error, undefined, `${CC}: ${r.error?.message}`);
      assert.equal(r.status, 0, `${where} does not compile:\n${r.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
