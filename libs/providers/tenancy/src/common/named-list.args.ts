import { ArgsType, Field, InputType, registerEnumType } from '@nestjs/graphql';
import { PageArgs, SortDirection } from '@meshplane/graphql';

export enum NameSortField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}

registerEnumType(NameSortField, { name: 'NameSortField', description: 'How lists of named things sort.' });

@InputType({ description: 'Every given criterion must match.' })
export class NameFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name, case-insensitive.' })
  nameContains?: string | null;
}

@InputType()
export class NameSort {
  @Field(() => NameSortField, { defaultValue: NameSortField.NAME })
  field!: NameSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

/** first/after/filter/sort of every list of named things (organizations, workspaces, environments). */
@ArgsType()
export class NamedListArgs extends PageArgs {
  @Field(() => NameFilter, { nullable: true })
  filter?: NameFilter | null;

  @Field(() => NameSort, { nullable: true })
  sort?: NameSort | null;
}
