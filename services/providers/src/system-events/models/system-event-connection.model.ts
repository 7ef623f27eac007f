import { ObjectType } from '@nestjs/graphql';
import { connectionOf } from '@meshplane/graphql';
import { SystemEvent } from './system-event.model.js';

@ObjectType('SystemEventConnection', { description: 'System events, newest first.' })
export class SystemEventConnection extends connectionOf(SystemEvent, 'SystemEvent', { totalCount: false }) {}
