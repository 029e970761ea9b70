import { OdooException } from './odoo-exception';
import type { SandboxModel } from './odoo-model';

/** Parameter names of the ORM methods the sandbox serves, in positional order (execute_kw args). */
const PARAMS: Record<string, readonly string[]> = {
  search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
  search: ['domain', 'offset', 'limit', 'order'],
  search_count: ['domain', 'limit'],
  read: ['ids', 'fields'],
  fields_get: ['allfields', 'attributes'],
};

export const SANDBOX_UID = 2;

/** A call in named form: execute_kw positional args zipped with the parameter names, or a JSON-2 body. */
export interface OrmCall {
  model: string;
  method: string;
  named: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** execute_kw's `args` + `kwargs` as one named call. */
export function namedFromPositional(
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
): OrmCall {
  const names = PARAMS[method] ?? [];
  const named: Record<string, unknown> = {};
  args.forEach((value, i) => {
    const name = names[i];
    if (name === undefined)
      throw new OdooException(
        'builtins.TypeError',
        `${method}() takes ${names.length} positional arguments but ${args.length} were given`,
        422,
      );
    named[name] = value;
  });
  const { context, ...rest } = kwargs;
  return { model, method, named: { ...named, ...rest }, context: (context ?? {}) as Record<string, unknown> };
}

/** Runs one ORM call against the sandboxed models, raising what Odoo raises (the API picks the rendering). */
export function dispatch(models: Map<string, SandboxModel>, call: OrmCall): unknown {
  const { model: name, method, named, context } = call;
  if (method.startsWith('_')) {
    throw new OdooException(
      'odoo.exceptions.AccessError',
      `Private methods (such as '${name}.${method}') cannot be called remotely.`,
      403,
    );
  }
  if (name === 'res.users' && method === 'context_get')
    return { lang: 'en_US', tz: 'Europe/Berlin', uid: SANDBOX_UID };
  const model = models.get(name);
  if (!model) throw new OdooException('odoo.exceptions.UserError', `Object ${name} doesn't exist`, 404);
  const names = PARAMS[method];
  if (!names)
    throw new OdooException('builtins.AttributeError', `The method '${name}.${method}' does not exist`, 404);
  const unexpected = Object.keys(named).find((key) => !names.includes(key));
  if (unexpected !== undefined) {
    throw new OdooException(
      'builtins.TypeError',
      `${name}.${method}() got an unexpected keyword argument '${unexpected}'`,
      422,
    );
  }
  const query = {
    domain: named.domain ?? [],
    offset: typeof named.offset === 'number' ? named.offset : 0,
    limit: typeof named.limit === 'number' ? named.limit : undefined,
    order: typeof named.order === 'string' ? named.order : undefined,
    activeTest: context.active_test !== false,
  };
  const fields = Array.isArray(named.fields) ? (named.fields as string[]) : [];
  switch (method) {
    case 'search_read':
      return model.search(query).map((row) => model.render(row, fields));
    case 'search':
      return model.search(query).map((row) => model.idOf(row));
    case 'search_count':
      return model.count(query);
    case 'read': {
      if (!Array.isArray(named.ids)) throw new OdooException('builtins.TypeError', 'read() missing ids', 422);
      return model.browse(named.ids as number[]).map((row) => model.render(row, fields));
    }
    default: {
      const attributes = Array.isArray(named.attributes) ? (named.attributes as string[]) : null;
      return Object.fromEntries(
        Object.entries(model.fields()).map(([field, spec]) => [
          field,
          attributes === null
            ? spec
            : Object.fromEntries(
                attributes.filter((a) => a in spec).map((a) => [a, spec[a as keyof typeof spec]]),
              ),
        ]),
      );
    }
  }
}
