/** Frappe's error answers, byte-compatible with `frappe/app.py handle_exception` for `/api/` paths (v15). */

/** An exception the sandbox raises the way Frappe does: its class name picks the status (frappe/exceptions.py). */
export class FrappeError extends Error {
  constructor(
    readonly status: number,
    readonly excType: string,
    message: string,
  ) {
    super(message);
    this.name = 'FrappeError';
  }
}

export const notFound = (message: string) => new FrappeError(404, 'DoesNotExistError', message);
export const permissionError = (message: string) => new FrappeError(403, 'PermissionError', message);
export const dataError = (message: string) => new FrappeError(417, 'DataError', message);
export const validationError = (message: string) => new FrappeError(417, 'ValidationError', message);

/** Python's json.dumps: ", " and ": " separators and non-ASCII escaped as \uXXXX (ensure_ascii). */
function pyJson(value: unknown): string {
  const text = JSON.stringify(value, null, 1)
    .replace(/\n\s*/g, ' ')
    .replace(/([[{]) /g, '$1')
    .replace(/ ([\]}])/g, '$1');
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `{"exc_type": ..., "exception": ..., "_server_messages": "[\"{\\\"message\\\": ...}\"]"}`: the messages
 * are a JSON string of a list of JSON strings.
 */
export function errorBody(error: FrappeError): Record<string, unknown> {
  const message = pyJson({ message: error.message, title: 'Message', indicator: 'red', raise_exception: 1 });
  return {
    exc_type: error.excType,
    exception: `frappe.exceptions.${error.excType}: ${error.message}`,
    _server_messages: pyJson([message]),
  };
}
