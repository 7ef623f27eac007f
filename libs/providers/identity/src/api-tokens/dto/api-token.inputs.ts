import { ArgsType, Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { PageArgs, SortDirection } from '@meshplane/graphql';
import { ApiTokenRole } from '../models/api-token.model.js';

@InputType()
export class CreateApiTokenInput {
  @Field({ description: '1 to 100 characters, no control characters.' })
  name!: string;

  @Field(() => Int, { description: 'Lifetime in days, 1 to 365.' })
  expiresInDays!: number;

  @Field(() => ApiTokenRole, { description: 'At most your own role in the organization.' })
  role!: ApiTokenRole;
}

export enum ApiTokenSortField {
  CREATED_AT = 'CREATED_AT',
  NAME = 'NAME',
  EXPIRES_AT = 'EXPIRES_AT',
}
registerEnumType(ApiTokenSortField, { name: 'ApiTokenSortField' });

@InputType()
export class ApiTokenSort {
  @Field(() => ApiTokenSortField, { defaultValue: ApiTokenSortField.CREATED_AT })
  field!: ApiTokenSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.DESC })
  direction!: SortDirection;
}

@ArgsType()
export class ApiTokensArgs extends PageArgs {
  @Field(() => ApiTokenSort, { nullable: true })
  sort?: ApiTokenSort | null;
}
