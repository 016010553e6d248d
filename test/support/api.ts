import { request } from 'node:https';
import { callApi, loadConnection, type ApiResponse, type Connection } from '../../src/cli/api-client.js';

export type { ApiResponse, Connection };
export { callApi, loadConnection };

/** Reads a watch stream until the server ends it (use timeoutSeconds), returning the parsed events. */
export function collectWatch(
  connection: Connection,
  path: string,
): Promise<{ type: string; object: Record<string, unknown> }[]> {
  const url = new URL(connection.server + path);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        ...(connection.ca === undefined ? {} : { ca: connection.ca }),
        ...(connection.cert === undefined ? {} : { cert: connection.cert }),
        ...(connection.key === undefined ? {} : { key: connection.key }),
        headers: { accept: 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          try {
            resolve(
              text
                .split('\n')
                .filter((line) => line.trim() !== '')
                .map((line) => JSON.parse(line) as { type: string; object: Record<string, unknown> }),
            );
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
