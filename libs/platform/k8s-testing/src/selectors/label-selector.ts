import { DomainError, parseLabelSelector, type LabelRequirement } from '@meshplane/graphql';
import { badRequest } from '../api-error.js';

export type LabelMatcher = (labels: Readonly<Record<string, string>>) => boolean;

/**
 * The matcher of a label selector, parsed by Meshplane's one label-selector parser (the inventory's), so the test
 * server refuses with 400 what the apiserver would refuse; undefined when there is no selector.
 */
export function labelMatcher(selector: string | undefined): LabelMatcher | undefined {
  if (!selector || selector.trim() === '') return undefined;
  let requirements: LabelRequirement[];
  try {
    requirements = parseLabelSelector(selector, 'labelSelector');
  } catch (error) {
    if (error instanceof DomainError) throw badRequest(`unable to parse requirement: ${error.message}`);
    throw error;
  }
  return (labels) => requirements.every((requirement) => matches(requirement, labels));
}

/** Kubernetes semantics: `!=` and `notin` also match objects without the label. */
function matches(requirement: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const value = Object.hasOwn(labels, requirement.key) ? labels[requirement.key] : undefined;
  switch (requirement.op) {
    case 'exists':
      return value !== undefined;
    case 'absent':
      return value === undefined;
    case 'equals':
      return value === requirement.value;
    case 'notEquals':
      return value !== requirement.value;
    case 'in':
      return value !== undefined && requirement.values.includes(value);
    case 'notIn':
      return value === undefined || !requirement.values.includes(value);
  }
}
