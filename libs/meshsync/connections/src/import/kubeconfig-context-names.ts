import { parse } from 'yaml';
import { parseUntrustedKubeconfig } from '@meshplane/k8s';

/**
 * The names of every context of an uploaded kubeconfig. The untrusted parser runs first with no context
 * selected: it applies every document-level rule (size, YAML bombs, tags, header, unique string names) and
 * throws a KubeconfigError naming the field, so the second, plain parse only ever sees a vetted document.
 */
export function kubeconfigContextNames(text: string): string[] {
  parseUntrustedKubeconfig(text, { contexts: [] });
  const doc = parse(text, { schema: 'core', resolveKnownTags: false, uniqueKeys: true }) as {
    contexts: { name: string }[];
  };
  return doc.contexts.map((context) => context.name);
}
