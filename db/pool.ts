import { createPool, type DatabasePool, type Interceptor, SchemaValidationError } from 'slonik';

export type { CommonQueryMethods, DatabasePool, DatabaseTransactionConnection } from 'slonik';

/**
 * slonik carries a query's result schema but does not apply it; this interceptor does, so every
 * `sql.type(schema)` row is parsed (and coerced) before a repository sees it.
 */
const resultParser: Interceptor = {
  name: 'result-parser',
  transformRowAsync: async (context, query, row) => {
    const parser = context.resultParser;
    if (!parser) return row;
    const result = await parser['~standard'].validate(row);
    if (result.issues) {
      // The StandardSchema issue shape is narrower than zod's; slonik only reads message/path.
      throw new SchemaValidationError(query, row, result.issues as never);
    }
    return result.value as typeof row;
  },
};

export interface PoolOptions {
  maximumPoolSize?: number;
  statementTimeoutMs?: number;
}

export async function createDatabasePool(
  databaseUrl: string,
  options: PoolOptions = {},
): Promise<DatabasePool> {
  return createPool(databaseUrl, {
    interceptors: [resultParser],
    maximumPoolSize: options.maximumPoolSize ?? 10,
    statementTimeout: options.statementTimeoutMs ?? 10_000,
    idleTimeout: 10_000,
    connectionTimeout: 5_000,
  });
}
