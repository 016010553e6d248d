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
  /** Why the session failed, once it has; every later request fails with it. */
  private failure: Error | undefined;

  private constructor(
    private readonly origin: string,
    private readonly session: ClientHttp2Session,
  ) {
    session.on('error', (error: Error) => (this.failure ??= error));
    session.on('goaway', (code: number) => (this.failure ??= new Error(`server sent GOAWAY (code ${code})`)));
  }

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
    return new ApiClient(origin, session);
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
    if (this.failure) return Promise.reject(this.sessionError(method, path));
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
      stream.once('end', () => {
        // A stream the server never answered (its session going away) ends without a status.
        if (status === 0) reject(this.sessionError(method, path, stream.rstCode));
        else resolve({ status, body: Buffer.concat(chunks).toString('utf8') });
      });
      stream.on('error', reject);
      // A stream reset or a dying session closes the stream without 'end' (settling twice is a no-op).
      stream.once('close', () => reject(this.sessionError(method, path, stream.rstCode)));
      stream.end(payload);
    });
  }

  private sessionError(method: string, path: string, rstCode?: number): Error {
    const reason = this.failure
      ? String(this.failure)
      : `stream ended without a response (HTTP/2 code ${rstCode ?? 'none'})`;
    return new Error(`${method} ${path} on ${this.origin}: ${reason}`, { cause: this.failure });
  }
}
