/**
 * Calls `onClose` exactly once, whether the stream ends, fails or the client leaves: gives back a subscription's
 * slots, decrements the open-streams gauge.
 */
export function onceClosed<T>(
  events: AsyncIterableIterator<T>,
  onClose: () => void,
): AsyncIterableIterator<T> {
  let open = true;
  const closeOnce = () => {
    if (!open) return;
    open = false;
    onClose();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      try {
        const result = await events.next();
        if (result.done) closeOnce();
        return result;
      } catch (error) {
        closeOnce();
        throw error;
      }
    },
    async return() {
      closeOnce();
      return (await events.return?.()) ?? { done: true, value: undefined };
    },
  };
}
