import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { PageArgs } from '@meshplane/graphql';
import { AdapterHealth } from '../models/adapter.model.js';

@InputType({ description: 'Every given criterion must match; lists match any of their values.' })
export class AdapterFilter {
  @Field(() => [AdapterHealth], { nullable: true })
  health?: AdapterHealth[] | null;

  @Field(() => String, { nullable: true, description: 'The mesh the adapter manages (e.g. "istio").' })
  mesh?: string | null;
}

@ArgsType()
export class AdaptersArgs extends PageArgs {
  @Field(() => AdapterFilter, { nullable: true })
  filter?: AdapterFilter | null;
}

@InputType({ description: 'TLS towards the adapter: the CA its certificate chains to.' })
export class AdapterTlsInput {
  @Field({ description: 'PEM of the CA (one or more certificates).' })
  caPem!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Name the certificate must carry; the host by default.',
  })
  serverName?: string | null;
}

@InputType()
export class RegisterAdapterInput {
  @Field({
    description: 'host:port ([v6]:port). Loopback, or a range the operator allows (ADAPTER_ALLOW_CIDRS).',
  })
  address!: string;

  @Field(() => AdapterTlsInput, { nullable: true, description: 'Plaintext is allowed to loopback only.' })
  tls?: AdapterTlsInput | null;
}

@ArgsType()
export class AdapterIdArgs {
  @Field(() => ID)
  id!: string;
}
