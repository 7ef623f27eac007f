import { ObjectType } from '@nestjs/graphql';
import { connectionOf } from '@meshplane/graphql';
import { Resource } from './resource.model.js';

@ObjectType('ResourceConnection')
export class ResourceConnection extends connectionOf(Resource, 'Resource') {}
