/** Injection token of the ObjectSource the detector reads clusters from. */
export const OBJECT_SOURCE = Symbol('OBJECT_SOURCE');
