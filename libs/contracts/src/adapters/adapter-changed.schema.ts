import { z } from 'zod';

export const adapterHealths = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'UNREACHABLE'] as const;

const jsonObject = z.record(z.string(), z.unknown());

/** The catalogue as the adapter reported it (GetInfo, ListOperations, ListComponents, ListFingerprints). */
export const adapterCatalogueSchema = z.object({
  info: z.object({
    name: z.string().max(200),
    version: z.string().max(100),
    mesh: z.string().max(100),
    supportedMeshVersions: z.array(z.string().max(100)).max(500),
    features: z.array(z.string().max(100)).max(100),
  }),
  operations: z
    .array(
      z.object({
        name: z.string().max(200),
        displayName: z.string().max(200),
        description: z.string().max(4000),
        category: z.string().max(50),
        versions: z.array(z.string().max(100)).max(500),
        inputSchema: jsonObject,
        supportsDryRun: z.boolean(),
        supportsDelete: z.boolean(),
        idempotent: z.boolean(),
      }),
    )
    .max(500),
  components: z
    .array(
      z.object({
        kind: z.string().max(200),
        apiVersion: z.string().max(300),
        model: z.string().max(200),
        modelVersion: z.string().max(100),
        displayName: z.string().max(200),
        description: z.string().max(4000),
        schema: jsonObject,
      }),
    )
    .max(2000),
  fingerprints: z.array(jsonObject).max(100),
});

export type AdapterCatalogue = z.infer<typeof adapterCatalogueSchema>;

/**
 * An adapter's health or catalogue changed (published by the replica that checked it). `orgId` is absent for an
 * operator-configured adapter (every organization sees it); `catalogue` is present when it changed.
 */
export const adapterChangedSchema = z.object({
  adapterId: z.uuid(),
  orgId: z.uuid().optional(),
  address: z.string().max(300),
  health: z.enum(adapterHealths),
  previousHealth: z.enum(adapterHealths),
  lastError: z.string().max(500).optional(),
  catalogueDigest: z.string().max(64).optional(),
  catalogue: adapterCatalogueSchema.optional(),
  at: z.iso.datetime({ offset: true }),
});
export type AdapterChangedPayload = z.infer<typeof adapterChangedSchema>;
