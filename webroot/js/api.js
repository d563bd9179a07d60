// The shop's API, called exactly as the reference storefront calls it: same paths, same bodies,
// a 4 s timeout, and an answer for every status (pages decide what a status means).

const TIMEOUT_MS = 4000;

/**
 * What the reference sends as session_id: the cookie's value, or the string "undefined" when the
 * page cannot read it. Our cookie is HttpOnly, so it is always "undefined" here; the web gateway
 * takes the session from the cookie itself and overwrites this.
 */
function sessionId() {
  const match = document.cookie.match(/(?:^|;\s*)session_id=([^;]*)/);
  return decodeURIComponent(match ? match[1] : undefined);
}

/** A call that got no answer: the shop is unreachable or too slow. */
export class ApiError extends Error {}

async function call(method, path, body, headers = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(path, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: controller.signal,
    });
    const text = await response.text();
    let data = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (an error page from a proxy): keep the text
    }
    return { status: response.status, ok: response.ok, data };
  } catch (error) {
    throw new ApiError(error.name === 'AbortError'
      ? `The shop did not answer within ${TIMEOUT_MS / 1000} seconds.`
      : 'The shop could not be reached. Check your connection and try again.');
  } finally {
    clearTimeout(timer);
  }
}

/** Why a call failed, in the words of the service that answered. */
export function describe(response) {
  const data = response.data;
  const reason = data && typeof data === 'object' ? (data.reason || data.error || data.message) : null;
  return reason ? `${reason} (${response.status})` : `the shop answered ${response.status}`;
}

/** The response when its status is 2xx; otherwise an error saying what could not be done and why. */
export function expectOk(response, whatFailed) {
  if (!response.ok) {
    throw new Error(`${whatFailed}: ${describe(response)}.`);
  }
  return response;
}

export const healthz = () => call('GET', '/healthz');

export const cartGet = () => call('POST', '/api/v1/cart', { session_id: sessionId() });

/** Sets the quantity (an absolute number: 0 removes the line). */
export const cartItemAdd = (id, quantity) => call('PUT', `/api/v1/cart/${id}/${quantity}`, { session_id: sessionId() });

export const cartItemRemove = (id) => call('DELETE', `/api/v1/cart/${id}`, { session_id: sessionId() });

/** The reference's checkout body; the key makes a retry after a lost answer charge only once. */
export const checkout = (data, idempotencyKey) =>
  call('POST', '/api/v1/checkout/process', { ...data, session_id: sessionId() }, { 'Idempotency-Key': idempotencyKey });

export const order = (orderId) => call('GET', `/api/v1/checkout/orders/${encodeURIComponent(orderId)}`);

export const productDocuments = (ids) => call('POST', '/api/v1/product/documents', ids);

export const productSearch = (data) => call('POST', '/api/v1/product/search', data);

export const imageUrl = (product) => `/api/v1/content/${product.filename}`;
