/**
 * JSON-RPC 2.0 (https://www.jsonrpc.org/specification) over one request body: single calls,
 * batches and notifications. Transport-free: the bridge's HTTP server hands a body in and sends
 * back what comes out. Malformed input is always an error response, never an exception.
 */

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

/** An error a method answers with; `code` and `data` go to the caller as they are. */
export class JsonRpcError extends Error {
  override readonly name = 'JsonRpcError';

  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export type Params = readonly unknown[] | Readonly<Record<string, unknown>> | undefined;
export type MethodHandler = (params: Params) => Promise<unknown>;

export type Id = string | number | null;

export interface JsonRpcResponse {
  readonly jsonrpc: '2.0';
  readonly id: Id;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

export interface DispatchOptions {
  /** The most calls one batch may hold. */
  readonly maxBatch: number;
  /** Told of every call that reached a method. */
  readonly onCall?: (entry: {
    method: string;
    ms: number;
    error?: { code: number; message: string };
  }) => void;
}

export const errorResponse = (id: Id, code: number, message: string, data?: unknown): JsonRpcResponse => ({
  jsonrpc: '2.0',
  id,
  error: data === undefined ? { code, message } : { code, message, data },
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The answer to one request body: a response, a batch of them, or undefined when there is nothing
 * to answer (only notifications).
 */
export async function dispatch(
  body: string,
  methods: ReadonlyMap<string, MethodHandler>,
  options: DispatchOptions,
): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return errorResponse(null, PARSE_ERROR, `parse error: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) return callOne(parsed, methods, options);
  if (parsed.length === 0) return errorResponse(null, INVALID_REQUEST, 'invalid request: empty batch');
  if (parsed.length > options.maxBatch) {
    return errorResponse(
      null,
      INVALID_REQUEST,
      `invalid request: a batch holds at most ${options.maxBatch} calls`,
    );
  }
  const answers = await Promise.all(parsed.map((request) => callOne(request, methods, options)));
  const sent = answers.filter((a): a is JsonRpcResponse => a !== undefined);
  return sent.length ? sent : undefined;
}

async function callOne(
  request: unknown,
  methods: ReadonlyMap<string, MethodHandler>,
  options: DispatchOptions,
): Promise<JsonRpcResponse | undefined> {
  if (!isObject(request)) return errorResponse(null, INVALID_REQUEST, 'invalid request: expected an object');
  const hasId = Object.hasOwn(request, 'id');
  const id = request.id;
  if (hasId && id !== null && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    return errorResponse(null, INVALID_REQUEST, 'invalid request: id must be a string, a number or null');
  }
  const replyId = (hasId ? id : null) as Id;
  if (request.jsonrpc !== '2.0')
    return errorResponse(replyId, INVALID_REQUEST, 'invalid request: jsonrpc must be "2.0"');
  if (typeof request.method !== 'string') {
    return errorResponse(replyId, INVALID_REQUEST, 'invalid request: method must be a string');
  }
  const params = request.params;
  if (params !== undefined && !Array.isArray(params) && !isObject(params)) {
    return errorResponse(replyId, INVALID_REQUEST, 'invalid request: params must be an array or an object');
  }
  const method = request.method;
  const handler = methods.get(method);
  if (!handler) {
    return hasId
      ? errorResponse(replyId, METHOD_NOT_FOUND, `method not found: ${method.slice(0, 64)}`)
      : undefined;
  }
  const started = performance.now();
  let response: JsonRpcResponse;
  try {
    response = { jsonrpc: '2.0', id: replyId, result: await handler(params as Params) };
  } catch (e) {
    response =
      e instanceof JsonRpcError
        ? errorResponse(replyId, e.code, e.message, e.data)
        : errorResponse(replyId, INTERNAL_ERROR, 'internal error');
  }
  options.onCall?.({ method, ms: Math.round(performance.now() - started), error: response.error });
  return hasId ? response : undefined;
}

/**
 * A method's parameters by position: `params` as an array of exactly `names.length` values, or
 * as an object with exactly those names. Anything else is INVALID_PARAMS.
 */
export function positional(params: Params, names: readonly string[]): unknown[] {
  const expected = `expected [${names.join(', ')}]`;
  if (Array.isArray(params)) {
    if (params.length !== names.length) {
      throw new JsonRpcError(INVALID_PARAMS, `invalid params: ${expected}, got ${params.length} values`);
    }
    return [...params];
  }
  if (isObject(params)) {
    const extra = Object.keys(params).find((k) => !names.includes(k));
    const missing = names.find((n) => !Object.hasOwn(params, n));
    if (extra !== undefined || missing !== undefined) {
      throw new JsonRpcError(
        INVALID_PARAMS,
        `invalid params: ${expected}, ${extra !== undefined ? `unknown "${extra.slice(0, 32)}"` : `missing "${missing}"`}`,
      );
    }
    return names.map((n) => params[n]);
  }
  throw new JsonRpcError(INVALID_PARAMS, `invalid params: ${expected}`);
}
