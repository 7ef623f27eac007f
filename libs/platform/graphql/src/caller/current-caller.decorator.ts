import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Caller } from './caller.js';
import { UnauthenticatedError } from './caller.js';

/** The verified caller of the current GraphQL operation (see `Caller`). */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const ctx = GqlExecutionContext.create(context).getContext<{ caller?: Caller }>();
  // The context function refuses unsigned requests, so a missing caller is a wiring fault: fail closed.
  if (!ctx.caller) throw new UnauthenticatedError('The request carries no verified caller');
  return ctx.caller;
});
