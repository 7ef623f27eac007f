import { Field, ObjectType } from '@nestjs/graphql';
import { KubernetesConnection } from './kubernetes-connection.model.js';

@ObjectType({ description: 'Why a context was not imported. Messages name fields, never values.' })
export class ContextImportError {
  @Field({ description: 'Stable code, e.g. REFUSED_FIELD, SERVER_NOT_ALLOWED, NAME_TAKEN, UNKNOWN_CONTEXT.' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Path in the kubeconfig, e.g. users[0].user.exec.' })
  field!: string | null;

  @Field()
  message!: string;
}

@ObjectType({ description: 'One context of the kubeconfig: its connection, or why it was not imported.' })
export class ContextImportResult {
  @Field()
  context!: string;

  @Field(() => KubernetesConnection, { nullable: true })
  connection!: KubernetesConnection | null;

  @Field(() => ContextImportError, { nullable: true })
  error!: ContextImportError | null;
}

@ObjectType()
export class ImportKubeconfigPayload {
  @Field(() => [ContextImportResult])
  results!: ContextImportResult[];
}
