import { ObjectType } from '@nestjs/graphql';
import { connectionOf } from '@meshplane/graphql';
import { ApiToken } from './api-token.model.js';

@ObjectType('ApiTokenConnection')
export class ApiTokenConnection extends connectionOf(ApiToken, 'ApiToken') {}
