import { discoveryStream } from '@meshplane/contracts';

/** The stream discovery publishes to (the inventory declares it too: the service de-duplicates by name). */
export const DISCOVERY_STREAMS = [discoveryStream] as const;
