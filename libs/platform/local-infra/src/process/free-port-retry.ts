import { getFreePort } from './free-port.js';

const ATTEMPTS = 3;

/**
 * A port found free can be taken by someone else before the server binds it (parallel test files do
 * exactly that). When we picked the port we may pick another; a port the caller chose is used as is.
 */
export async function onFreePort<T>(
  chosenPort: number | undefined,
  start: (port: number) => Promise<T>,
): Promise<T> {
  if (chosenPort !== undefined) return start(chosenPort);
  for (let attempt = 1; ; attempt += 1) {
    const port = await getFreePort();
    try {
      return await start(port);
    } catch (error) {
      const taken = /address already in use/i.test((error as Error).message);
      if (!taken || attempt === ATTEMPTS) throw error;
    }
  }
}
