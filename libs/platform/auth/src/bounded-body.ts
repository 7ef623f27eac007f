/**
 * A response body as text, refusing (and dropping the connection) once it passes `maxBytes`, declared or streamed:
 * what another party answers (a provider's keys, its records) must never make a service buffer more than it expects.
 * `what` names the answerer in the error.
 */
export async function readBoundedBody(response: Response, maxBytes: number, what: string): Promise<string> {
  const tooLarge = () => new Error(`${what} answered more than ${maxBytes} bytes`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
