import { z } from 'zod';
import { ConfigError, loadConfig, type Env } from '@meshplane/config';

/**
 * A one-off command of a service (`rotate-credentials.js`…): validates the command's variables first, exiting 1
 * with the names of the bad ones, then runs it with them. The command itself never reads the environment.
 */
export async function runCommand<Shape extends z.ZodRawShape>(
  name: string,
  shape: Shape,
  run: (config: z.output<z.ZodObject<Shape>>) => Promise<void>,
  env?: Env,
): Promise<void> {
  let config: z.output<z.ZodObject<Shape>>;
  try {
    config = loadConfig(z.object(shape), env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(1);
  }
  await run(config);
}
