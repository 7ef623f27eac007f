export {
  LINKERD_ENV_PREFIX,
  LINKERD_SAMPLES,
  LINKERD_VERSIONS,
  linkerdAdapter,
  linkerdSpec,
} from './linkerd-adapter.js';
