import { type LookupAddress } from 'node:dns';
import { type LookupFunction } from 'node:net';
import { addressPolicyOf, refusedHostname, resolverOf, type ServerUrlPolicy } from './server-url.policy.js';

export const ADDRESS_NOT_ALLOWED = 'EADDRNOTALLOWED';

export function addressNotAllowed(target: string, reason: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${target} ${reason}`), { code: ADDRESS_NOT_ALLOWED });
}

/**
 * The socket `lookup` of every connection to a cluster: it resolves the name once, checks every address against
 * the policy, and hands the socket only those checked addresses, so what is connected to is what was checked (a
 * name that answered a public address at import cannot be re-pointed at 10.0.0.1 or the metadata service later:
 * DNS rebinding). A name with any refused address is refused whole. Node skips `lookup` for IP-literal hosts:
 * the policy agents check those themselves.
 */
export function policyLookup(policy: ServerUrlPolicy): LookupFunction {
  const rules = addressPolicyOf(policy);
  const resolve = resolverOf(policy);
  return (hostname, options, callback) => {
    const byName = refusedHostname(hostname);
    if (byName) return callback(addressNotAllowed(hostname, byName), []);
    resolve(hostname, { all: true, verbatim: true }).then(
      (records) => {
        const refused = records
          .map((record) => rules.refusal(record.address))
          .find((reason) => reason !== undefined);
        if (refused !== undefined) return callback(addressNotAllowed(hostname, `resolves to ${refused}`), []);
        const wanted = familyNumber(options.family);
        const usable = wanted ? records.filter((record) => record.family === wanted) : records;
        const [first] = usable;
        if (!first) {
          const error = Object.assign(new Error(`${hostname} has no usable address`), { code: 'ENOTFOUND' });
          return callback(error, []);
        }
        if (options.all) return callback(null, usable);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, [] as LookupAddress[]),
    );
  };
}

function familyNumber(family: number | string | undefined): 4 | 6 | undefined {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return undefined;
}
