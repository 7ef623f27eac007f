import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { age, render, statusStyle, table, type Column } from '../output/format.js';
import { visibleLength } from '../output/terminal.js';
import { fakeTerminal } from './fake-terminal.js';

interface Row {
  name: string;
  id: string;
  status: string;
}

const rows: Row[] = [
  { name: 'production-eu-west-1-primary', id: '3f1c2b9e-1111-4b7a-9c1e-0123456789ab', status: 'CONNECTED' },
  { name: 'staging', id: '9a8b7c6d-2222-4c5d-8e9f-0123456789ab', status: 'DISCONNECTED' },
];
const columns: Column<Row>[] = [
  { header: 'NAME', value: (r) => r.name },
  { header: 'ID', value: (r) => r.id },
  { header: 'STATUS', value: (r) => r.status, style: statusStyle },
];

describe('table', () => {
  it('lines columns up three spaces apart at their natural width when nothing limits it', () => {
    const text = table({ width: undefined, color: false }, rows, columns);

    expect(text.split('\n')[0]).toBe(`NAME${' '.repeat(27)}ID${' '.repeat(37)}STATUS`);
    expect(text).toContain('production-eu-west-1-primary   3f1c2b9e-1111-4b7a-9c1e-0123456789ab   CONNECTED');
  });

  it('fits the terminal width by cutting the widest columns, marking each cut with …', () => {
    const text = table({ width: 60, color: false }, rows, columns);
    const lines = text.trimEnd().split('\n');

    expect(lines.every((line) => visibleLength(line) <= 60)).toBe(true);
    expect(lines[1]).toMatch(/^production-eu-west-1…\s+3f1c2b9e-1111-4b7a-9…\s+CONNECTED$/);
    expect(lines[2]).toContain('DISCONNECTED');
  });

  it('never cuts a column marked whole, such as a secret shown once', () => {
    const secret = 'mpt_' + 'x'.repeat(60);
    const text = table(
      { width: 40, color: false },
      [{ name: 'ci', token: secret }],
      [
        { header: 'NAME', value: (r) => r.name },
        { header: 'TOKEN', value: (r) => r.token, whole: true },
      ],
    );

    expect(text).toContain(secret);
  });

  it('paints headers and states only when colour is on, and colour takes no width', () => {
    const plain = table({ width: 80, color: false }, rows, columns);
    const painted = table({ width: 80, color: true }, rows, columns);

    expect(plain).not.toContain('\u001b[');
    expect(painted).toContain('\u001b[32mCONNECTED\u001b[39m');
    expect(painted).toContain('\u001b[31mDISCONNECTED\u001b[39m');
    expect(painted.split('\n').map(visibleLength)).toEqual(plain.split('\n').map(visibleLength));
  });

  it('says so when there is nothing to list, and shows empty cells as -', () => {
    expect(table({ width: 80, color: false }, [], columns)).toBe('No resources found.\n');
    expect(table({ width: 80, color: false }, [{ name: '', id: 'x', status: 'READY' }], columns)).toContain(
      '-      x',
    );
  });
});

describe('render', () => {
  it('prints the API objects themselves as JSON or YAML, for scripts to parse back', () => {
    const data = { clusters: rows };
    const json = fakeTerminal();
    const yaml = fakeTerminal();

    render(json.terminal, 'json', data, rows, columns);
    render(yaml.terminal, 'yaml', data, rows, columns);

    expect(JSON.parse(json.written.out)).toEqual(data);
    expect(parse(yaml.written.out)).toEqual(data);
  });
});

describe('age', () => {
  it('shows how long ago as kubectl does', () => {
    const now = Date.parse('2025-01-10T12:00:00Z');

    expect(age('2025-01-10T11:59:15Z', now)).toBe('45s');
    expect(age('2025-01-10T11:30:00Z', now)).toBe('30m');
    expect(age('2025-01-10T07:00:00Z', now)).toBe('5h');
    expect(age('2025-01-03T12:00:00Z', now)).toBe('7d');
    expect(age(null, now)).toBe('-');
  });
});
