import type { Store } from '../../src/domain/ports';
import { describeAuditContract } from './audit.contract';
import { describeInboxContract } from './inbox.contract';
import { describeDirectoryContract } from './directory.contract';
import { describeMessagingContract } from './messaging.contract';
import { describePeopleContract } from './people.contract';
import { describeReportRecordsContract } from './report-records.contract';
import { describeReportContract } from './report.contract';
import { describeTestCallsContract } from './test-calls.contract';

/**
 * The behaviour every Store adapter must show. Each test gets a fresh, empty store from `makeStore`
 * and closes it afterwards.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let current: Store | null = null;
    const store = (): Store => {
      if (!current) throw new Error('no store open');
      return current;
    };

    beforeEach(async () => {
      current = await makeStore();
    });

    afterEach(async () => {
      await current?.close();
      current = null;
    });

    it('when pinged, then it answers', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });

    describeReportContract(store);
    describeReportRecordsContract(store);
    describeAuditContract(store);
    describePeopleContract(store);
    describeMessagingContract(store);
    describeTestCallsContract(store);
    describeInboxContract(store);
    describeDirectoryContract(store);
  });
}
