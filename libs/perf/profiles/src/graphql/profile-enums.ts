import { registerEnumType } from '@nestjs/graphql';

// Values equal names: federation rebuilds the schema from SDL, so the mapping to stored values is explicit.
export enum PerformanceLoadModel {
  CLOSED = 'CLOSED',
  OPEN = 'OPEN',
}

export enum PerformanceGenerator {
  MESHPLANE = 'MESHPLANE',
  WRK = 'WRK',
  WRK2 = 'WRK2',
  FORTIO = 'FORTIO',
  NIGHTHAWK = 'NIGHTHAWK',
}

export enum PerformanceProtocol {
  HTTP1 = 'HTTP1',
  HTTP2 = 'HTTP2',
  GRPC = 'GRPC',
}

export enum SmpDocumentFormat {
  YAML = 'YAML',
  JSON = 'JSON',
}

registerEnumType(PerformanceLoadModel, {
  name: 'PerformanceLoadModel',
  description:
    'CLOSED: `concurrency` connections as fast as answers come; OPEN: a constant `rate` over `connections`.',
});
registerEnumType(PerformanceGenerator, { name: 'PerformanceGenerator' });
registerEnumType(PerformanceProtocol, { name: 'PerformanceProtocol' });
registerEnumType(SmpDocumentFormat, {
  name: 'SmpDocumentFormat',
  description: 'How an SMP PerformanceTestConfig document is written.',
});
