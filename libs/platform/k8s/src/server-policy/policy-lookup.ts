import { lookup, type LookupAddress } from 'node:dns';
import { type LookupFunction } from 'node:net';
import { parseCidr } from './cidr.js';
import { refusedAddressReason, type ServerUrlPolicy } from './server-url.policy.js';

export const ADDRESS_NOT_ALLOWED = 'EADDRNOTALLOWED';

/**
 * A `lookup` for sockets that applies the server URL policy to the addresses actually connected to, so a
 * name that resolved to a public address at import time cannot be re-pointed at loopback or the metadata
 * service later (DNS rebinding).
 */
export function policyLookup(policy: ServerUrlPolicy): LookupFunction {
  const allowed = (policy.allowCidrs ?? []).map(parseCidr);
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, []);
      const refused = addresses.find((a) => refusedAddressReason(a.address, allowed) !== undefined);
      if (refused || addresses.length === 0) {
        const reason = refused ? refusedAddressReason(refused.address, allowed) : 'no address';
        const refusal = Object.assign(new Error(`${hostname} resolves to ${reason}`), {
          code: ADDRESS_NOT_ALLOWED,
        });
        return callback(refusal, []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses as [LookupAddress];
      return callback(null, first.address, first.family);
    });
  };
}
