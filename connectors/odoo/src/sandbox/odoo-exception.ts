/** A Python exception as the sandboxed Odoo raises it; each API renders it its own way (1.5, 1.1 C). */
export class OdooException extends Error {
  constructor(
    /** The dotted class name Odoo puts in `data.name` / `name`, e.g. "odoo.exceptions.AccessDenied". */
    readonly exceptionName: string,
    message: string,
    /** The JSON-2 status (odoo/exceptions.py `http_status`; 500 for anything else). */
    readonly status = 500,
  ) {
    super(message);
  }
}

export const valueError = (message: string) => new OdooException('builtins.ValueError', message, 500);
export const accessDenied = () => new OdooException('odoo.exceptions.AccessDenied', 'Access Denied', 403);
export const accessError = (message: string) =>
  new OdooException('odoo.exceptions.AccessError', message, 403);
