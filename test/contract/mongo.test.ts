import mongoose from 'mongoose';
import type { Store } from '../../src/domain/ports';
import { AppError } from '../../src/errors';
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
  describe('Store contract: mongo (skipped: MONGODB_URI is unset)', () => {
    it('when MONGODB_URI is unset, then the mongo contract is skipped and says so', () => {
      const reason = 'MongoDB contract not run: set MONGODB_URI (e.g. mongodb://127.0.0.1:27017) to run it';
      process.stdout.write(`${reason}\n`);
      expect(process.env.MONGODB_URI).toBeUndefined();
    });
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
