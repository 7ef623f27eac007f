export { ISTIO_ENV_PREFIX, ISTIO_SAMPLES, ISTIO_VERSIONS, istioAdapter, istioSpec } from './istio-adapter.js';
