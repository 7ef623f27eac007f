import type { LabelRequirement } from '@meshplane/graphql';
import type { SqlParams } from './sql-params.js';

/**
 * SQL conditions over a jsonb `labels` column, one per requirement (all must hold). Keys and values are
 * bound as parameters. Like Kubernetes, `!=` and `notin` also match objects that lack the label.
 */
export function labelSelectorSql(
  requirements: readonly LabelRequirement[],
  column: string,
  params: SqlParams,
): string[] {
  return requirements.map((req) => {
    const label = `(${column} ->> ${params.add(req.key)})`;
    switch (req.op) {
      case 'exists':
        return `${label} IS NOT NULL`;
      case 'absent':
        return `${label} IS NULL`;
      case 'equals':
        return `${label} = ${params.add(req.value)}`;
      case 'notEquals':
        return `${label} IS DISTINCT FROM ${params.add(req.value)}`;
      case 'in':
        return `${label} = ANY(${params.add(req.values, 'text[]')})`;
      case 'notIn':
        return `(${label} IS NULL OR NOT (${label} = ANY(${params.add(req.values, 'text[]')})))`;
    }
  });
}
