import { describe, expect, it } from 'vitest';
import { describeFailures, type VitestJson } from '../test-summary.js';

const counts = { numPassedTests: 1, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0 };

describe('the failure digest npm test prints last', () => {
  it('names each failed test under its file, relative to the root, with the start of its error and no colours', () => {
    const report: VitestJson = {
      ...counts,
      testResults: [
        {
          name: '/repo/e2e/src/system.e2e-spec.ts',
          status: 'failed',
          assertionResults: [
            { fullName: 'the system answers', status: 'passed' },
            {
              fullName: 'the system installs a mesh',
              status: 'failed',
              failureMessages: [
                [
                  '\u001b[31mAssertionError: expected 1 to be 2\u001b[39m',
                  ...Array.from({ length: 30 }, (_, i) => `    at frame ${i}`),
                ].join('\n'),
              ],
            },
          ],
        },
        {
          name: '/repo/e2e/src/other.e2e-spec.ts',
          status: 'passed',
          assertionResults: [{ fullName: 'x', status: 'passed' }],
        },
      ],
    };
    const text = describeFailures('e2e', report, '/repo');
    expect(text).toContain(
      '  e2e: e2e/src/system.e2e-spec.ts\n    ✗ the system installs a mesh\n      AssertionError: expected 1 to be 2',
    );
    expect(text).not.toContain('\u001b[');
    expect(text).toContain('at frame 10');
    expect(text).not.toContain('at frame 11');
    expect(text).toContain('… (19 more lines)');
    expect(text).not.toContain('other.e2e-spec');
    expect(text).not.toContain('the system answers');
  });

  it('names a file that failed without a failed test (a hook or its import threw), with its message', () => {
    const text = describeFailures(
      'integration',
      {
        ...counts,
        testResults: [
          {
            name: '/repo/a.int-spec.ts',
            status: 'failed',
            message: 'Error: beforeAll timed out',
            assertionResults: [],
          },
        ],
      },
      '/repo',
    );
    expect(text).toBe('  integration: a.int-spec.ts\n      Error: beforeAll timed out');
  });

  it('says nothing of a report in which nothing failed', () => {
    expect(describeFailures('unit', { ...counts, numFailedTests: 0, testResults: [] })).toBe('');
  });
});
