#!/usr/bin/env node
// `npm run bench`: every benchmark part in turn. Each part prints its own table of medians.
// Usage: node bench/run.js [part ...]   (parts: startup, validate, formats, data, files, report, agenda, diff, export, import)
const parts = ['startup', 'validate', 'formats', 'data', 'files', 'report', 'agenda', 'diff', 'export', 'import'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : parts;
for (const name of wanted) {
  if (!parts.includes(name)) {
    console.error(`unknown bench part '${name}' (parts: ${parts.join(', ')})`);
    process.exit(2);
  }
  const mod = await import(`./${name}.js`);
  console.log(`\n## ${name}\n`);
  await mod.run();
}
