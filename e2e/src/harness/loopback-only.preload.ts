import { guardLoopbackOnly } from '@meshplane/testing';
import { LOOPBACK_REFUSAL } from './loopback-refusal.js';

/**
 * Preloaded (`--import`) into every Node process of a system under test that asks for it: a connection beyond
 * loopback, whoever opens it, is refused before it is dialled and named on stderr, where the test reads it.
 */
guardLoopbackOnly((host) => process.stderr.write(`${LOOPBACK_REFUSAL} ${host}\n`));
