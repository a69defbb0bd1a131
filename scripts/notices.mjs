// The third-party notices of what scripts/build.mjs bundled into dist/: for each package whose
// code is in the bundle (found from esbuild's metafile), its name, version, license and the text
// of its license file(s), so the tarball carries the notices its MIT/BSD/Apache dependencies ask for.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** The package directories (relative to `root`) the inputs of a metafile come from. */
export function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const parts = input.split(/[\\/]/);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const name = parts[at + 1]?.startsWith('@') ? parts.slice(at + 1, at + 3) : parts.slice(at + 1, at + 2);
    dirs.add([...parts.slice(0, at + 1), ...name].join(sep));
  }
  return [...dirs].sort();
}

async function licenseTexts(dir) {
  const names = (await readdir(dir)).filter((f) => /^(licen[cs]e|copying|notice)(\.|-|$)/i.test(f)).sort();
  return Promise.all(names.map(async (f) => ({ file: f, text: (await readFile(join(dir, f), 'utf8')).trim() })));
}

export async function writeNotices(root, metafile, out) {
  const seen = new Map();
  for (const dir of bundledPackages(metafile)) {
    const pkg = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8'));
    const key = `${pkg.name}@${pkg.version}`;
    if (seen.has(key)) continue;
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see below');
    seen.set(key, { name: pkg.name, version: pkg.version, license, texts: await licenseTexts(join(root, dir)) });
  }
  const entries = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const missing = entries.filter((e) => e.texts.length === 0).map((e) => `${e.name}@${e.version}`);
  const lines = [
    '# Third-party notices',
    '',
    'dist/ bundles the following packages. Their licenses and notices follow.',
    '',
    ...entries.map((e) => `- ${e.name} ${e.version} (${e.license})`),
    '',
  ];
  for (const e of entries) {
    lines.push(`## ${e.name} ${e.version}`, '', `License: ${e.license}`, '');
    for (const t of e.texts) lines.push(`### ${t.file}`, '', '```', t.text, '```', '');
    if (e.texts.length === 0) lines.push('(The package ships no license file; its package.json declares the license above.)', '');
  }
  await writeFile(out, lines.join('\n'));
  return { packages: entries.length, missing };
}
