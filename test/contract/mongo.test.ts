import mongoose from 'mongoose';
import type { Store } from '../../src/domain/ports';
import { AppError } from '../../src/domain/errors';
import { openMongoStore } from '../../src/adapters/mongo/mongo-store';
import { describeStoreContract } from './store.contract';

const uri = process.env.MONGODB_URI;

if (uri) {
  const prefix = `tanga_contract_${process.pid}_${Date.now()}`;
  let serial = 0;

  // One database per test, dropped when the suite closes the store.
  describeStoreContract('mongo', async (): Promise<Store> => {
    serial += 1;
    const dbName = `${prefix}_${serial}`;
    const store = await openMongoStore({ uri, dbName });
    return {
      ...store,
      async close() {
        const admin = mongoose.createConnection(uri, { dbName });
        try {
          await admin.asPromise();
          await admin.dropDatabase();
        } finally {
          await admin.close();
          await store.close();
        }
      },
    };
  });
} else {
  // A visible skip (counted as skipped in the .ci/run summary), not a test that passes without running.
  describe.skip('Store contract: mongo (skipped: MONGODB_URI is unset; set it to run against a server)', () => {
    it('when MONGODB_URI is set, then the mongo store meets the store contract', () => undefined);
  });
}

describe('openMongoStore without a server', () => {
  it('when nothing listens, then it retries and fails with unavailable, without the URI in the message', async () => {
    const secretUri = 'mongodb://user:s3cret@127.0.0.1:9/tanga';
    const started = Date.now();
    const failure = await openMongoStore({ uri: secretUri, connectTimeoutMs: 200, attempts: 2 }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'unavailable', details: { attempts: 2 } });
    expect((failure as AppError).message).not.toContain('s3cret');
    // Two attempts with a backoff between them, so not an instant single failure.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
