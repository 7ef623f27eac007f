/** The AdapterAddressPolicy every connection to an adapter goes through (tests swap its resolver). */
export const ADAPTER_ADDRESS_POLICY = Symbol('ADAPTER_ADDRESS_POLICY');
