/**
 * Forces a full garbage collection in the server process through the V8 inspector protocol (what the
 * "collect garbage" button of a debugger does), so memory figures "after GC" mean what they say rather than
 * depending on when V8 chose to collect. The server must run with `--inspect=127.0.0.1:0`.
 */
import WebSocket from 'ws';

/** The debugger URL in Node's `Debugger listening on ws://…` stderr line; undefined for any other line. */
export function inspectorUrlOf(line: string): string | undefined {
  return /^Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
}

const gcTimeoutMs = 60_000;

export async function collectGarbage(inspectorUrl: string): Promise<void> {
  const socket = new WebSocket(inspectorUrl);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the server did not collect garbage in time')),
        gcTimeoutMs,
      );
      socket.on('message', (data: Buffer) => {
        const reply: unknown = JSON.parse(data.toString('utf8'));
        if (typeof reply !== 'object' || reply === null || !('id' in reply) || reply.id !== 1) return;
        clearTimeout(timer);
        if ('error' in reply)
          reject(new Error(`HeapProfiler.collectGarbage: ${JSON.stringify(reply.error)}`));
        else resolve();
      });
      socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    });
  } finally {
    socket.close();
  }
}
