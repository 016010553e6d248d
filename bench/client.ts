/**
 * A small HTTP/2 client for the API benchmarks: one TLS session to the server, authenticated with the admin
 * client certificate, carrying any number of concurrent streams. Flow-control windows are those of Go's
 * net/http2 transport (client-go's), so large responses are not throttled by Node's 64 KiB default.
 */
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';

export interface ClientCredentials {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: string;
}

/** Go's transportDefaultStreamFlow (4 MiB) and transportDefaultConnFlow (1 GiB). */
const streamWindowBytes = 4 << 20;
const connectionWindowBytes = 1 << 30;

/** Thrown when the server answers with a status the benchmark did not expect: a benchmark never hides errors. */
export class UnexpectedResponse extends Error {
  constructor(method: string, path: string, response: ApiResponse) {
    super(`${method} ${path}: HTTP ${response.status}: ${response.body.slice(0, 500)}`);
    this.name = 'UnexpectedResponse';
  }
}

export class ApiClient {
  private constructor(private readonly session: ClientHttp2Session) {}

  /** Opens one session to `origin` (https://host:port) and waits until it is connected. */
  static async connect(origin: string, credentials: ClientCredentials): Promise<ApiClient> {
    const session = connect(origin, {
      ca: credentials.caPem,
      cert: credentials.certPem,
      key: credentials.keyPem,
      settings: { initialWindowSize: streamWindowBytes },
    });
    await new Promise<void>((resolve, reject) => {
      session.once('error', reject);
      session.once('connect', () => {
        session.off('error', reject);
        resolve();
      });
    });
    session.setLocalWindowSize(connectionWindowBytes);
    // No 'error' listener from here on: a failed session fails the run (and its streams reject their requests).
    return new ApiClient(session);
  }

  /** Sends one request and reads the whole response; throws UnexpectedResponse unless the status is `expect`. */
  async request(method: string, path: string, expect: number, body?: unknown): Promise<ApiResponse> {
    const response = await this.send(method, path, body);
    if (response.status !== expect) throw new UnexpectedResponse(method, path, response);
    return response;
  }

  /**
   * Opens a long-running GET (a watch) and resolves once its 200 headers arrive, so the server has
   * registered it; `onData` then receives each chunk as it arrives.
   */
  async openStream(path: string, onData: (chunk: Buffer) => void): Promise<ClientHttp2Stream> {
    const stream = this.session.request({ [constants.HTTP2_HEADER_PATH]: path, accept: 'application/json' });
    stream.on('data', onData);
    const status = await new Promise<number>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('response', (headers) => resolve(Number(headers[constants.HTTP2_HEADER_STATUS])));
    });
    if (status !== 200) {
      stream.close();
      throw new UnexpectedResponse('GET', path, { status, body: '' });
    }
    return stream;
  }

  /** Ends the session once its open streams have ended (close watch streams first). */
  close(): Promise<void> {
    return new Promise((resolve) => this.session.close(resolve));
  }

  private send(method: string, path: string, body: unknown): Promise<ApiResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const stream = this.session.request({
      [constants.HTTP2_HEADER_METHOD]: method,
      [constants.HTTP2_HEADER_PATH]: path,
      accept: 'application/json',
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    });
    return new Promise((resolve, reject) => {
      let status = 0;
      const chunks: Buffer[] = [];
      stream.once('response', (headers) => (status = Number(headers[constants.HTTP2_HEADER_STATUS])));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }));
      stream.once('error', reject);
      stream.end(payload);
    });
  }
}
