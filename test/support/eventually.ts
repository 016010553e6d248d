/** Retries `check` until it returns without throwing or the deadline passes; the last error is rethrown. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number; description?: string } = {},
): Promise<T> {
  // Generous by default: a deadline only bounds a failing wait, and CI machines may be slow or shared.
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`timed out waiting for ${options.description ?? 'condition'}: ${reason}`);
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
    }
  }
}
