import type { Database } from './database.ts';
import { createPushdownIndexes } from './embedded/pushdown-indexes.ts';

/**
 * Creates the indexes every model on the connection declares and, on the embedded server, the
 * pushdown index for `_id` and for each top-level field those indexes name — the keys hot queries
 * filter on by equality.
 */
export async function ensureIndexes(database: Database): Promise<void> {
  const { connection, pushdown } = database;
  for (const model of Object.values(connection.models)) {
    await model.createCollection().catch((error: { codeName?: string }) => {
      if (error.codeName !== 'NamespaceExists') throw error;
    });
    await model.createIndexes();
    if (!pushdown) continue;
    const fields = ['_id', ...model.schema.indexes().flatMap(([keys]) => Object.keys(keys))];
    await createPushdownIndexes(pushdown, connection.name, model.collection.collectionName, fields);
  }
}
