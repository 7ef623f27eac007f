import { registerEnumType } from '@nestjs/graphql';

// Values equal names: federation rebuilds the schema from SDL, which knows only the names.
export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'ASC: smallest (or earliest, or A) first; DESC: the reverse.',
});
