import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { connectionOf, JSONScalar, type JsonValue } from '@meshplane/graphql';

/** Values equal to their names: Nest federation subgraphs lose enum internal values. */
export enum AdapterHealth {
  UNKNOWN = 'UNKNOWN',
  SERVING = 'SERVING',
  NOT_SERVING = 'NOT_SERVING',
  UNREACHABLE = 'UNREACHABLE',
}
registerEnumType(AdapterHealth, {
  name: 'AdapterHealth',
  description: 'UNKNOWN until first checked; UNREACHABLE: no answer (or the address policy refused it).',
});

@ObjectType({ description: 'What the last check of an adapter found, and when the next one runs.' })
export class AdapterHealthState {
  @Field(() => AdapterHealth)
  status!: AdapterHealth;

  @Field(() => String, {
    nullable: true,
    description:
      "Why the last check failed, when it did; null for the operator's adapters unless you are a platform operator.",
  })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastCheckedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { description: 'Later after each failure (exponential backoff, capped).' })
  nextCheckAt!: Date;

  @Field(() => Int)
  consecutiveFailures!: number;
}

@ObjectType({ description: "The adapter's own account of itself (GetInfo)." })
export class AdapterInfo {
  @Field()
  name!: string;

  @Field()
  version!: string;

  @Field({ description: 'The mesh it manages, as discovery names it.' })
  mesh!: string;

  @Field(() => [String])
  supportedMeshVersions!: string[];

  @Field(() => [String])
  features!: string[];
}

@ObjectType({ description: 'One operation the adapter runs, with the JSON Schema its input must pass.' })
export class AdapterOperation {
  @Field()
  name!: string;

  @Field()
  displayName!: string;

  @Field()
  description!: string;

  @Field({ description: 'INSTALL, SAMPLE_APPLICATION, CONFIGURE, VALIDATE or CUSTOM.' })
  category!: string;

  @Field(() => [String], { description: 'Mesh versions it applies to; empty: all supported.' })
  versions!: string[];

  @Field(() => JSONScalar, { description: 'JSON Schema (2020-12) of the input.' })
  inputSchema!: JsonValue;

  @Field()
  supportsDryRun!: boolean;

  @Field()
  supportsDelete!: boolean;

  @Field({ description: 'Re-running it under a new id converges to the same state.' })
  idempotent!: boolean;
}

@ObjectType({ description: 'A component definition the adapter contributes (for designs).' })
export class AdapterComponent {
  @Field()
  kind!: string;

  @Field()
  apiVersion!: string;

  @Field()
  model!: string;

  @Field()
  modelVersion!: string;

  @Field()
  displayName!: string;

  @Field()
  description!: string;

  @Field(() => JSONScalar, { description: "JSON Schema (2020-12) of the component's spec." })
  schema!: JsonValue;
}

@ObjectType({ description: 'A gRPC adapter known to adapters-broker.' })
export class Adapter {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: "The operator's name, or the adapter's own once reached.",
  })
  name!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "host:port; null for the operator's adapters (the deployment's internal network) unless you are a platform operator.",
  })
  address!: string | null;

  @Field({
    description: 'Configured by the operator (ADAPTERS): every organization sees it, none can remove it.',
  })
  operatorConfigured!: boolean;

  @Field({ description: 'Reached over TLS with the CA given at registration.' })
  tls!: boolean;

  @Field(() => AdapterHealthState)
  health!: AdapterHealthState;

  @Field(() => AdapterInfo, { nullable: true, description: 'Null until first reached.' })
  info!: AdapterInfo | null;

  @Field(() => [AdapterOperation])
  operations!: AdapterOperation[];

  @Field(() => [AdapterComponent])
  components!: AdapterComponent[];

  @Field(() => [JSONScalar], { description: "Fingerprint rules, in discovery's rule format." })
  fingerprintRules!: JsonValue[];

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('AdapterPage')
export class AdapterPage extends connectionOf(Adapter, 'Adapter') {}
