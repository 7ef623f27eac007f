import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class ImportKubeconfigInput {
  @Field({
    description: 'The kubeconfig text (YAML, at most 1 MiB). exec, auth-provider, file paths are refused.',
  })
  kubeconfig!: string;

  @Field(() => [String], { nullable: true, description: 'Contexts to import; all of them when absent.' })
  contexts?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Prepended to each context name to name its connection.',
  })
  namePrefix?: string | null;
}
