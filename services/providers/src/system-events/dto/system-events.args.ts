import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { PageArgs } from '@meshplane/graphql';
import { SystemEventKind, SystemEventSeverity } from '../models/system-event.model.js';

@InputType({ description: 'Every given criterion must match; lists match any of their values.' })
export class SystemEventFilter {
  @Field(() => [String], { nullable: true })
  services?: string[];

  @Field(() => [SystemEventKind], { nullable: true })
  kinds?: SystemEventKind[];

  @Field(() => [SystemEventSeverity], { nullable: true })
  severities?: SystemEventSeverity[];
}

@ArgsType()
export class SystemEventsArgs extends PageArgs {
  @Field(() => SystemEventFilter, { nullable: true })
  filter?: SystemEventFilter | null;
}

@InputType()
export class AnnounceInput {
  @Field({ description: 'Shown to every operator; 1 to 2000 characters.' })
  message!: string;

  @Field(() => SystemEventSeverity, { defaultValue: SystemEventSeverity.INFO })
  severity!: SystemEventSeverity;
}
