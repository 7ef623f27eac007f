import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from '../query/label-selector.js';
import { labelSelectorSql } from '../query/label-selector.sql.js';
import { SqlParams } from '../query/sql-params.js';

const toSql = (selector: string) => {
  const params = new SqlParams();
  const sql = labelSelectorSql(parseLabelSelector(selector), 'r.labels', params);
  return { sql, values: params.values };
};

describe('parseLabelSelector', () => {
  it('parses every Kubernetes requirement form', () => {
    expect(
      parseLabelSelector('app=web, tier==front,env!=prod,zone in (a, b),track notin (canary),ready,!legacy'),
    ).toEqual([
      { op: 'equals', key: 'app', value: 'web' },
      { op: 'equals', key: 'tier', value: 'front' },
      { op: 'notEquals', key: 'env', value: 'prod' },
      { op: 'in', key: 'zone', values: ['a', 'b'] },
      { op: 'notIn', key: 'track', values: ['canary'] },
      { op: 'exists', key: 'ready' },
      { op: 'absent', key: 'legacy' },
    ]);
  });

  it('accepts prefixed keys and empty values', () => {
    expect(parseLabelSelector('app.kubernetes.io/name=,x')).toEqual([
      { op: 'equals', key: 'app.kubernetes.io/name', value: '' },
      { op: 'exists', key: 'x' },
    ]);
  });

  it('treats an empty selector as no requirement', () => {
    expect(parseLabelSelector('  ')).toEqual([]);
  });

  it.each([
    ["a=b'; DROP TABLE resources; --", 'not a valid label value'],
    ['a in (x', 'unbalanced parentheses'],
    ['a in ()', 'needs at least one value'],
    ['a=b,,c', 'empty requirement'],
    ['-bad=x', 'not a valid label key'],
    ['a=' + 'v'.repeat(64), 'not a valid label value'],
    ['Upper.Case/x=y', 'not a valid label key'],
  ])('refuses %j naming the field', (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(message);
    expect(() => parseLabelSelector(selector)).toThrow(/^filter\.labelSelector: /);
  });
});

describe('labelSelectorSql', () => {
  it('binds every key and value as a parameter', () => {
    expect(toSql('app=web,env!=prod')).toEqual({
      sql: ['(r.labels ->> $1) = $2', '(r.labels ->> $3) IS DISTINCT FROM $4'],
      values: ['app', 'web', 'env', 'prod'],
    });
  });

  it('matches objects without the label for notin, like Kubernetes', () => {
    expect(toSql('zone notin (a,b)')).toEqual({
      sql: ['((r.labels ->> $1) IS NULL OR NOT ((r.labels ->> $1) = ANY($2::text[])))'],
      values: ['zone', ['a', 'b']],
    });
  });

  it('renders existence checks and sets', () => {
    expect(toSql('ready,!legacy,zone in (a)').sql).toEqual([
      '(r.labels ->> $1) IS NOT NULL',
      '(r.labels ->> $2) IS NULL',
      '(r.labels ->> $3) = ANY($4::text[])',
    ]);
  });
});
