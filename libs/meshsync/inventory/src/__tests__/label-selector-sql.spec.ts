import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from '@meshplane/graphql';
import { labelSelectorSql } from '../query/label-selector.sql.js';
import { SqlParams } from '../query/sql-params.js';

const toSql = (selector: string) => {
  const params = new SqlParams();
  const sql = labelSelectorSql(parseLabelSelector(selector), 'r.labels', params);
  return { sql, values: params.values };
};

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
