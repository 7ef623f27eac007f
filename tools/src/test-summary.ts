import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Adds up Vitest's JSON reports into one closing line: `tests: N passed, N failed, N skipped`.
 *
 * With `--failures`, prints instead what failed, file by file, with the first lines of each error: `npm test` prints it
 * last when a layer failed, so that the end of the output (all a CI page may keep) names the failure, not only the
 * layer. A layer's own output comes earlier, in the order the layers end.
 */
export interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: {
    name: string;
    status: string;
    message?: string;
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

/** Lines kept of one error: its message and the first frames, enough to find the line that failed. */
const LINES_PER_ERROR = 12;
// Colour and cursor sequences (a failure message may carry a diff in colour).
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function excerpt(message: string): string {
  const lines = message.replace(ANSI, '').split('\n');
  const kept = lines.slice(0, LINES_PER_ERROR).map((line) => `      ${line}`);
  if (lines.length > LINES_PER_ERROR) kept.push(`      … (${lines.length - LINES_PER_ERROR} more lines)`);
  return kept.join('\n');
}

/** What failed in one report, as text; empty when nothing did. */
export function describeFailures(layer: string, report: VitestJson, root = process.cwd()): string {
  const out: string[] = [];
  for (const file of report.testResults ?? []) {
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (file.status !== 'failed' && failed.length === 0) continue;
    out.push(
      `  ${layer}: ${file.name.startsWith(`${root}/`) ? file.name.slice(root.length + 1) : file.name}`,
    );
    // A file fails without a failed test when it could not be loaded or a hook before its tests threw.
    if (file.message) out.push(excerpt(file.message));
    for (const test of failed) {
      out.push(`    ✗ ${test.fullName}`);
      for (const message of test.failureMessages ?? []) out.push(excerpt(message));
    }
  }
  return out.join('\n');
}

async function reports(dir: string): Promise<[string, VitestJson][]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(
      async (f): Promise<[string, VitestJson]> => [
        f.replace(/\.json$/, ''),
        JSON.parse(await readFile(join(dir, f), 'utf8')) as VitestJson,
      ],
    ),
  );
}

async function main(dir: string, failuresOnly: boolean): Promise<void> {
  const all = await reports(dir);
  if (failuresOnly) {
    const text = all
      .map(([layer, report]) => describeFailures(layer, report))
      .filter(Boolean)
      .join('\n');
    if (text) process.stdout.write(`\n==> what failed\n${text}\n`);
    return;
  }
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const [, report] of all) {
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  process.stdout.write(
    `\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
  );
  if (totals.failed > 0 || totals.passed === 0) process.exit(1);
}

const args = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
  await main(args.find((a) => !a.startsWith('--')) ?? '.data/test-results', args.includes('--failures'));
}
