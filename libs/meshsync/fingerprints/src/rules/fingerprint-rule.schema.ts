import { z } from 'zod';
import { hasControlCharacters } from '@meshplane/graphql';
import { compileLinearPattern } from '../engine/linear-pattern.js';

/** The rule format this build understands; a file written for another one is refused, not half-read. */
export const FINGERPRINT_SCHEMA_VERSION = 1;

/**
 * A regular expression in RE2 syntax (linear-time matching: see compileLinearPattern), compiled at load so
 * that a broken or unsupported one names its file and field.
 */
const pattern = z
  .string()
  .min(1, 'must not be empty')
  .max(500, 'must be at most 500 characters')
  .superRefine((source, ctx) => {
    try {
      compileLinearPattern(source);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

const versionPattern = pattern.refine((source) => source.includes('(?<version>'), {
  message: 'must capture the version in a named group (?<version>…)',
});

const metadataKey = z
  .string()
  .min(1, 'must not be empty')
  .max(317, 'must be at most 317 characters')
  .regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9._-]+$/, 'must be a Kubernetes label or annotation key');

/** A label or annotation: the key alone means "present with any value". */
const metadataMatcher = z
  .strictObject({
    key: metadataKey,
    value: z.string().max(253).optional(),
    pattern: pattern.optional(),
  })
  .refine((matcher) => matcher.value === undefined || matcher.pattern === undefined, {
    message: 'give value or pattern, not both',
  });

export const workloadKinds = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;

const controlPlaneMatcher = z.strictObject({
  /** The role of the workload in the mesh (istiod, destination, …); reported as the component's role. */
  component: z.string().min(1).max(63),
  kinds: z.array(z.enum(workloadKinds)).min(1).default(['Deployment']),
  name: pattern.optional(),
  namespace: pattern.optional(),
  labels: z.array(metadataMatcher).default([]),
  /** Matched against every container image of the pod template; one must match. */
  image: pattern.optional(),
});

const versionSource = z.discriminatedUnion('from', [
  z.strictObject({
    from: z.literal('image'),
    /** Only the control-plane components with this role; any when absent. */
    component: z.string().min(1).max(63).optional(),
    pattern: versionPattern,
  }),
  z.strictObject({
    from: z.literal('label'),
    component: z.string().min(1).max(63).optional(),
    key: metadataKey,
    pattern: versionPattern.optional(),
  }),
]);

const containerMatcher = z
  .strictObject({ name: pattern.optional(), image: pattern.optional() })
  .refine((matcher) => matcher.name !== undefined || matcher.image !== undefined, {
    message: 'give a container name or image pattern',
  });

const dataPlane = z.strictObject({
  /** Checked against containers and init containers (native sidecars are init containers). */
  containers: z.array(containerMatcher).default([]),
  annotations: z.array(metadataMatcher).default([]),
  labels: z.array(metadataMatcher).default([]),
});

const namespaceMatcher = z.union([
  z.strictObject({ label: metadataMatcher }),
  z.strictObject({ annotation: metadataMatcher }),
]);

const meshId = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,62}$/,
    'must be 2-63 lower-case letters, digits or dashes, starting with a letter',
  );

/** One mesh's fingerprint, as written in `rules/<mesh>.yaml` or registered by an adapter. */
export const fingerprintRuleSchema = z
  .strictObject({
    schemaVersion: z.literal(FINGERPRINT_SCHEMA_VERSION, {
      message: `must be ${FINGERPRINT_SCHEMA_VERSION}`,
    }),
    ruleVersion: z.number().int('must be a whole number').min(1).max(1_000_000),
    mesh: z.strictObject({
      id: meshId,
      name: z
        .string()
        .min(1)
        .max(100)
        .refine((name) => !hasControlCharacters(name), 'must not contain control characters'),
    }),
    presence: z
      .strictObject({
        /** API groups whose CRDs belong to the mesh (reported as evidence). */
        crdGroups: z.array(z.string().min(1).max(253)).default([]),
        /**
         * Whether CRDs alone detect the mesh. Off by default: CRDs outlive `helm uninstall`, so alone they
         * usually mean "was installed" rather than "is running".
         */
        crdsAlone: z.boolean().default(false),
      })
      .default({ crdGroups: [], crdsAlone: false }),
    controlPlane: z.array(controlPlaneMatcher).default([]),
    version: z.array(versionSource).default([]),
    dataPlane: dataPlane.default({ containers: [], annotations: [], labels: [] }),
    injection: z
      .strictObject({ namespaces: z.array(namespaceMatcher).default([]) })
      .default({ namespaces: [] }),
  })
  .superRefine((rule, ctx) => {
    const components = new Set(rule.controlPlane.map((matcher) => matcher.component));
    rule.version.forEach((source, index) => {
      if (source.component !== undefined && !components.has(source.component)) {
        ctx.addIssue({
          code: 'custom',
          path: ['version', index, 'component'],
          message: `names no control-plane component (known: ${[...components].join(', ') || 'none'})`,
        });
      }
    });
    const dataPlaneEmpty =
      rule.dataPlane.containers.length + rule.dataPlane.annotations.length + rule.dataPlane.labels.length ===
      0;
    if (rule.controlPlane.length === 0 && dataPlaneEmpty && !rule.presence.crdsAlone) {
      ctx.addIssue({
        code: 'custom',
        path: ['controlPlane'],
        message:
          'the rule can never detect its mesh: give control-plane or data-plane matchers, or presence.crdsAlone',
      });
    }
  });

export type FingerprintRule = z.infer<typeof fingerprintRuleSchema>;
export type ControlPlaneMatcher = FingerprintRule['controlPlane'][number];
export type VersionSource = FingerprintRule['version'][number];
export type MetadataMatcher = z.infer<typeof metadataMatcher>;
export type NamespaceMatcher = FingerprintRule['injection']['namespaces'][number];
export type ContainerMatcher = FingerprintRule['dataPlane']['containers'][number];
