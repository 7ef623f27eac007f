#!/usr/bin/env node
// The `meshplane` command: runs the compiled CLI, or says how to build it when this checkout has not been built yet.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('meshplane is not built yet: run `npm run build` in the repository first\n');
  process.exit(1);
}
await import(entry.href);
