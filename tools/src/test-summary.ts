import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Adds up Vitest's JSON reports into one closing line: `tests: N passed, N failed, N skipped`. */
interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

async function main(dir: string): Promise<void> {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json'))) {
    const report = JSON.parse(await readFile(join(dir, file), 'utf8')) as VitestJson;
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  process.stdout.write(
    `\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
  );
  if (totals.failed > 0 || totals.passed === 0) process.exit(1);
}

await main(process.argv[2] ?? '.data/test-results');
