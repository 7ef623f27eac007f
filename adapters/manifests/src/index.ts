export { manifestsAdapter, type ManifestsAdapterRuntime } from './manifests-adapter.js';
