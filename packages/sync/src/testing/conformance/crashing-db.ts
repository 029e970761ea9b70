import type { Db } from '@crm-bridge/store';

/**
 * A Db that dies at its `afterQueries`-th statement, as a killed process would: the statement throws
 * inside its transaction, which rolls back; nothing after it runs.
 */
export function crashingDb(db: Db, afterQueries: number): Db {
  let count = 0;
  const wrap = (inner: Db): Db => ({
    driver: inner.driver,
    get inTransaction() {
      return inner.inTransaction;
    },
    async query(sql, params) {
      count += 1;
      if (count >= afterQueries) throw new Error(`simulated crash at statement ${count}`);
      return inner.query(sql, params);
    },
    async copyFrom(table, columns, rows) {
      count += 1;
      if (count >= afterQueries) throw new Error(`simulated crash at statement ${count}`);
      return inner.copyFrom(table, columns, rows);
    },
    exec: (sql) => inner.exec(sql),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    close: () => inner.close(),
  });
  return wrap(db);
}
